package io.maskwatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log line of the test JVM while installed (the service logs through JBoss LogManager). */
public final class LogCapture extends Handler implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();

  public static LogCapture install() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    String message = record.getMessage();
    Object[] params = record.getParameters();
    StringBuilder line = new StringBuilder(String.valueOf(message));
    if (params != null) {
      for (Object p : params) {
        line.append(" | ").append(p);
      }
    }
    if (record.getThrown() != null) {
      line.append(" | ").append(record.getThrown());
    }
    lines.add(line.toString());
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
