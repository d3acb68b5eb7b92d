package io.maskwatch.alert.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthDomainTest {

  @Test
  void aHashVerifiesItsPasswordOnly() {
    String hash = PasswordHash.hash("s3cret pass", 1000);
    assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
    assertThat(PasswordHash.verify("s3cret pass", hash)).isTrue();
    assertThat(PasswordHash.verify("s3cret pasS", hash)).isFalse();
    assertThat(PasswordHash.verify("", hash)).isFalse();
    assertThat(PasswordHash.hash("s3cret pass", 1000)).as("fresh salt").isNotEqualTo(hash);
    assertThat(PasswordHash.verify("x", "plain-text")).isFalse();
    assertThat(PasswordHash.verify("x", "pbkdf2-sha256$zero$AA==$AA==")).isFalse();
  }

  @Test
  void withoutAConfiguredPasswordOneIsGenerated() {
    AdminBootstrap first = AdminBootstrap.of(Optional.empty());
    AdminBootstrap second = AdminBootstrap.of(Optional.of("  "));
    assertThat(first.generated()).isTrue();
    assertThat(first.username()).isEqualTo("admin");
    assertThat(first.password()).hasSize(24).matches("[A-Za-z0-9_-]+");
    assertThat(second.generated()).isTrue();
    assertThat(second.password()).isNotEqualTo(first.password());
    assertThat(first.toString()).doesNotContain(first.password());
  }

  @Test
  void aConfiguredPasswordIsUsedAsGiven() {
    AdminBootstrap admin = AdminBootstrap.of(Optional.of("from-the-secret"));
    assertThat(admin.generated()).isFalse();
    assertThat(admin.password()).isEqualTo("from-the-secret");
    assertThatThrownBy(() -> new AdminBootstrap("admin", "", false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rolesImplyTheOnesBelow() {
    assertThat(Role.ADMIN.granted()).containsExactlyInAnyOrder("admin", "operator", "viewer");
    assertThat(Role.OPERATOR.granted()).containsExactlyInAnyOrder("operator", "viewer");
    assertThat(Role.VIEWER.granted()).containsExactly("viewer");
    assertThat(Role.fromWireName("operator")).isEqualTo(Role.OPERATOR);
    assertThatThrownBy(() -> Role.fromWireName("root")).hasMessageContaining("root");
  }
}
