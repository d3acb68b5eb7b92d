package io.maskwatch.alert.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.alert.domain.auth.AdminBootstrap;
import io.maskwatch.alert.domain.auth.PasswordHash;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.UserRepository;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first admin on the real user table: with none configured (the test profile sets no
 * admin-password), a password is generated, stored only as a hash that verifies it, and nothing is
 * created (or shown) a second time.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class AdminBootstrapTest {

  @Inject AdminBootstrapper bootstrapper;
  @Inject UserRepository users;
  @Inject DataSource dataSource;

  @Test
  void withoutAnAdminOneIsCreatedWithAGeneratedPasswordOnce() throws Exception {
    assertThat(bootstrapper.ensureAdmin()).as("the seeded admin exists: nothing to do").isNull();
    execute("DELETE FROM dashboard_users WHERE role = 'admin'");

    AdminBootstrap created = bootstrapper.ensureAdmin();
    assertThat(created).isNotNull();
    assertThat(created.generated()).isTrue();
    UserRepository.DashboardUser admin = users.find("admin").orElseThrow();
    assertThat(admin.role()).isEqualTo(Role.ADMIN);
    assertThat(admin.passwordHash()).doesNotContain(created.password());
    assertThat(PasswordHash.verify(created.password(), admin.passwordHash())).isTrue();
    assertThat(admin.passwordHash()).startsWith("pbkdf2-sha256$210000$");

    assertThat(bootstrapper.ensureAdmin()).as("never a second time").isNull();
  }

  /** Puts the contract's admin back for the other tests. */
  @AfterEach
  void restoreTheTestAdmin() throws Exception {
    execute(
        "INSERT INTO dashboard_users (username, password_hash, role) VALUES ('admin', '"
            + PasswordHash.hash("admin-pass", 1000)
            + "', 'admin') ON CONFLICT (username) DO UPDATE SET password_hash ="
            + " EXCLUDED.password_hash, role = 'admin'");
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }
}
