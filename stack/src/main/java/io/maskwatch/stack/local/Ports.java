package io.maskwatch.stack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port helpers for processes started on loopback. */
public final class Ports {

  private Ports() {}

  /** Ports handed out by {@link #free()} in this JVM: never handed out twice. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port free right now (the OS picks it), and not one this JVM handed out before: ports are
   * picked for a whole stack before its processes bind them, and the OS may offer a port again
   * until something listens on it (two parts on one port failed a run once).
   */
  public static int free() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free local port", e);
      }
    }
    throw new IllegalStateException("no free local port not handed out before in 100 tries");
  }

  /** True when something accepts connections on localhost at {@code port}. */
  public static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
