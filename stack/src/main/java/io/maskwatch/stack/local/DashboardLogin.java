package io.maskwatch.stack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's {@code admin} password of a local stack. alert-service creates {@code admin} with
 * it on the first start of an empty database (it gets it in its environment, never on the command
 * line), so the password is kept beside the database, in the data folder, readable by its owner
 * only ({@code 0600}); {@code ./maskwatch detect} and the stack's client read it from there. {@code
 * up --fresh} deletes both, and the next start makes a new one.
 */
public final class DashboardLogin {

  /** The user alert-service creates. */
  public static final String USER = "admin";

  /** alert-service's configuration key maskwatch.alert.auth.admin-password, as environment. */
  public static final String ENV = "MASKWATCH_ALERT_AUTH_ADMIN_PASSWORD";

  static final String FILE = "dashboard-admin-password";

  private DashboardLogin() {}

  /** The file holding the password of the stack whose data lies in {@code dataDir}. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  /** The stack's password, if it has one. */
  public static Optional<String> read(Path dataDir) {
    Path file = file(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String password = Files.readString(file, StandardCharsets.UTF_8).strip();
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The stack's password: the one kept in {@code dataDir}, or a new one written there (0600). */
  public static String ensure(Path dataDir) {
    Optional<String> existing = read(dataDir);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path file = file(dataDir);
    try {
      Files.createDirectories(dataDir);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      // umask may have narrowed the mode at creation but never widens it; make sure anyway.
      Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return read(dataDir).orElseThrow(() -> new StackException(file + " is empty"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return password;
  }
}
