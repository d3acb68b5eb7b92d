package io.maskwatch.alert.security;

import static io.maskwatch.alert.support.Api.anonymous;
import static io.maskwatch.alert.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard's login, roles and CSRF guard, through real HTTP with the real user table. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SecurityTest {

  @Test
  void everyApiRouteNeedsALogin() {
    List<ApiRoutes.Route> routes = ApiRoutes.all();
    assertThat(routes)
        .as("the walk found the API (if this fails, ApiRoutes no longer finds the classes)")
        .extracting(ApiRoutes.Route::toString)
        .contains("GET /api/alerts", "POST /api/alerts/{alertId}/ack", "PUT /api/rules");
    for (ApiRoutes.Route route : routes) {
      assertThat(route.template()).as("%s lies under /api", route).startsWith("/api/");
      Response response =
          anonymous()
              .header("X-Requested-With", "maskwatch")
              .request(route.httpMethod(), route.samplePath());
      assertThat(response.statusCode()).as("%s without a login", route).isEqualTo(401);
      assertThat(response.header("Location")).as("%s is not redirected", route).isNull();
      assertThat(response.header("WWW-Authenticate"))
          .as("%s: no Basic challenge, no browser dialog", route)
          .isNull();
      assertThat(response.jsonPath().getInt("status")).as("%s JSON body", route).isEqualTo(401);
    }
  }

  @Test
  void everyApiRouteDeclaresItsRoles() {
    for (ApiRoutes.Route route : ApiRoutes.all()) {
      RolesAllowed roles = route.method().getAnnotation(RolesAllowed.class);
      if (roles == null) {
        roles = route.method().getDeclaringClass().getAnnotation(RolesAllowed.class);
      }
      assertThat(roles).as("%s has @RolesAllowed", route).isNotNull();
      if (!route.httpMethod().equals("GET") && !route.template().equals("/api/logout")) {
        assertThat(roles.value())
            .as("%s changes something: not for viewers", route)
            .doesNotContain("viewer");
      }
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    anonymous()
        .auth()
        .preemptive()
        .basic("admin", "not-the-password")
        .get("/api/me")
        .then()
        .statusCode(401);
    anonymous()
        .auth()
        .preemptive()
        .basic("nobody", "nobody-pass")
        .get("/api/me")
        .then()
        .statusCode(401);
    Response login =
        anonymous()
            .contentType(ContentType.URLENC)
            .formParam("j_username", "operator")
            .formParam("j_password", "wrong")
            .post("/j_security_check");
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.header("Location")).contains("/login.html?error=1");
    assertThat(login.cookie("quarkus-credential")).isNull();
  }

  @Test
  void theLoginFormGivesACookieThatWorks() {
    Response login =
        anonymous()
            .contentType(ContentType.URLENC)
            .formParam("j_username", "operator")
            .formParam("j_password", "operator-pass")
            .post("/j_security_check");
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.header("Location")).endsWith("/index.html");
    String cookie = login.cookie("quarkus-credential");
    assertThat(cookie).isNotBlank();
    String setCookie = login.header("Set-Cookie");
    assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");

    anonymous()
        .cookie("quarkus-credential", cookie)
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("user", is("operator"))
        .body("roles", contains("operator", "viewer"));
    // The cookie carries the operator's rights, CSRF header included: an unknown alert is a 404,
    // not a refusal.
    anonymous()
        .cookie("quarkus-credential", cookie)
        .header("X-Requested-With", "maskwatch")
        .post("/api/alerts/{id}/ack", UUID.randomUUID())
        .then()
        .statusCode(404);
    // A tampered cookie is no login.
    anonymous()
        .cookie("quarkus-credential", cookie.substring(0, cookie.length() - 4) + "AAAA")
        .get("/api/me")
        .then()
        .statusCode(401);
    // Logging out expires the cookie.
    Response logout =
        anonymous()
            .cookie("quarkus-credential", cookie)
            .header("X-Requested-With", "maskwatch")
            .post("/api/logout");
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.header("Set-Cookie")).contains("quarkus-credential=").contains("Max-Age=0");
  }

  @Test
  void meListsEveryRoleTheUserHolds() {
    as("admin")
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("user", is("admin"))
        .body("roles", contains("admin", "operator", "viewer"));
    as("viewer").get("/api/me").then().statusCode(200).body("roles", contains("viewer"));
  }

  @Test
  void aViewerMayReadButNotAct() {
    as("viewer").get("/api/alerts").then().statusCode(200);
    as("viewer").get("/api/rules").then().statusCode(200);
    as("viewer")
        .post("/api/alerts/{id}/ack", UUID.randomUUID())
        .then()
        .statusCode(403)
        .body("error", containsString("role"));
    as("viewer")
        .queryParam("minutes", 5)
        .post("/api/alerts/{id}/snooze", UUID.randomUUID())
        .then()
        .statusCode(403);
    as("viewer")
        .contentType(ContentType.JSON)
        .body(Map.of())
        .put("/api/rules")
        .then()
        .statusCode(403);
    // An operator acts on alerts but may not change the rules.
    as("operator").post("/api/alerts/{id}/ack", UUID.randomUUID()).then().statusCode(404);
    as("operator")
        .contentType(ContentType.JSON)
        .body(Map.of())
        .put("/api/rules")
        .then()
        .statusCode(403);
  }

  @Test
  void aChangeWithoutTheCsrfHeaderIsRefused() {
    RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", "admin-pass")
        .post("/api/alerts/{id}/ack", UUID.randomUUID())
        .then()
        .statusCode(403)
        .body("error", containsString("X-Requested-With"));
    RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", "admin-pass")
        .header("X-Requested-With", "XMLHttpRequest")
        .contentType(ContentType.JSON)
        .body(Map.of())
        .put("/api/rules")
        .then()
        .statusCode(403);
    // Reading needs no header.
    RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", "admin-pass")
        .get("/api/rules")
        .then()
        .statusCode(200);
  }

  @Test
  void pagesRedirectToTheLoginAndPublicPathsAreOpen() {
    Response page = anonymous().get("/index.html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.header("Location")).endsWith("/login.html");
    Response root = anonymous().get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    anonymous().get("/q/health/live").then().statusCode(200);
    anonymous().get("/q/metrics").then().statusCode(200);
    // Public: whatever the page's state, no login is asked for.
    assertThat(anonymous().get("/login.html").statusCode()).isNotIn(302, 401, 403);
    assertThat(anonymous().get("/css/nothing.css").statusCode()).isNotIn(302, 401, 403);
  }
}
