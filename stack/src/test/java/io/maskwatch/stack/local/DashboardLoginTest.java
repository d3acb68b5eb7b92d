package io.maskwatch.stack.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardLoginTest {

  @TempDir Path data;

  @Test
  void thePasswordIsMadeOnceKeptForItsOwnerOnlyAndReused() throws Exception {
    assertThat(DashboardLogin.read(data)).isEmpty();
    String password = DashboardLogin.ensure(data);
    assertThat(password).hasSize(24).matches("[A-Za-z0-9_-]+");
    Path file = DashboardLogin.file(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(DashboardLogin.ensure(data)).isEqualTo(password);
    assertThat(DashboardLogin.read(data)).contains(password);

    Path other = data.resolve("fresh");
    assertThat(DashboardLogin.ensure(other)).isNotEqualTo(password);
  }
}
