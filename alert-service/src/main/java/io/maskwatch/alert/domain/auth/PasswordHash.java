package io.maskwatch.alert.domain.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes as stored in {@code dashboard_users}: {@code
 * pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}, 16 bytes of salt, 32 of hash. The
 * iterations travel with each hash, so raising them later leaves old hashes verifiable.
 */
public final class PasswordHash {

  private static final String PREFIX = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new hash of the password with a fresh random salt. */
  public static String hash(String password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be > 0, got " + iterations);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX
        + '$'
        + iterations
        + '$'
        + b64.encodeToString(salt)
        + '$'
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether the password matches the stored hash; false for a hash in another format. */
  public static boolean verify(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return iterations > 0 && MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A new random password: 24 URL-safe characters (144 bits). */
  public static String generatePassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
