package io.maskwatch.alert.security;

import io.maskwatch.alert.config.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords verified lately, so that a script sending Basic credentials with every request pays for
 * PBKDF2 once per {@code verified-for}, not per request. Kept per user as an HMAC (with a key of
 * this process, never stored) of the stored hash and the password: a changed password or hash no
 * longer matches, and nothing here gives the password back.
 */
@ApplicationScoped
public class VerifiedPasswords {

  private record Entry(byte[] mac, long expiresAtNanos) {}

  private final Map<String, Entry> byUser = new ConcurrentHashMap<>();
  private final byte[] key = new byte[32];
  private final long ttlNanos;

  public VerifiedPasswords(AlertConfig config) {
    new SecureRandom().nextBytes(key);
    Duration ttl = config.auth().verifiedFor();
    this.ttlNanos = ttl.toNanos();
  }

  /** Whether this user's password was verified against this stored hash lately. */
  public boolean recentlyVerified(String username, String storedHash, String password) {
    Entry entry = byUser.get(username);
    if (entry == null) {
      return false;
    }
    if (System.nanoTime() - entry.expiresAtNanos() > 0) {
      byUser.remove(username, entry);
      return false;
    }
    return MessageDigest.isEqual(entry.mac(), mac(storedHash, password));
  }

  public void remember(String username, String storedHash, String password) {
    if (ttlNanos > 0) {
      byUser.put(username, new Entry(mac(storedHash, password), System.nanoTime() + ttlNanos));
    }
  }

  private byte[] mac(String storedHash, String password) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      hmac.update(storedHash.getBytes(StandardCharsets.UTF_8));
      hmac.update((byte) 0);
      return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
