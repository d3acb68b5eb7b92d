package io.maskwatch.alert.store;

/** The database refused or failed a statement; the message says which operation and why. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
