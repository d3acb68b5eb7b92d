package io.maskwatch.alert.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server for tests (RFC 5321's commands a client needs to hand over a message: EHLO,
 * HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH). It keeps every message it accepts.
 */
public final class SmtpSink implements AutoCloseable {

  /** An accepted message: envelope sender, recipients, and the data as sent (headers + body). */
  public record Mail(String from, List<String> to, String data) {}

  private final ServerSocket server;
  private final List<Mail> mails = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public SmtpSink() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "smtp-sink");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Mail> mails() {
    return List.copyOf(mails);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread session = new Thread(() -> session(socket), "smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 smtp-sink ready");
      String from = null;
      List<String> to = new CopyOnWriteArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
        switch (command) {
          case "EHLO" -> reply(out, "250-smtp-sink\r\n250 8BITMIME");
          case "HELO", "NOOP" -> reply(out, "250 OK");
          case "MAIL" -> {
            from = address(line);
            to.clear();
            reply(out, "250 OK");
          }
          case "RCPT" -> {
            to.add(address(line));
            reply(out, "250 OK");
          }
          case "DATA" -> {
            reply(out, "354 end with <CRLF>.<CRLF>");
            StringBuilder data = new StringBuilder();
            String dataLine;
            while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
              data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine)
                  .append('\n');
            }
            mails.add(new Mail(from, List.copyOf(to), data.toString()));
            reply(out, "250 OK queued");
          }
          case "RSET" -> {
            from = null;
            to.clear();
            reply(out, "250 OK");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // The client went away; nothing to keep.
    }
  }

  private static String address(String line) {
    int open = line.indexOf('<');
    int close = line.indexOf('>');
    return open >= 0 && close > open ? line.substring(open + 1, close) : line;
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
