package io.maskwatch.alert.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests as a logged-in dashboard user: preemptive HTTP Basic plus the CSRF header
 * the API wants on every change. The users are the contract's test users (db/test-users).
 */
public final class Api {

  public static final String CSRF_HEADER = "X-Requested-With";
  public static final String CSRF_VALUE = "maskwatch";

  private Api() {}

  /** A request as {@code admin} (every role), for tests about something other than security. */
  public static RequestSpecification given() {
    return as("admin");
  }

  /** A request as one of the test users: {@code viewer}, {@code operator} or {@code admin}. */
  public static RequestSpecification as(String user) {
    return RestAssured.given()
        .auth()
        .preemptive()
        .basic(user, user + "-pass")
        .header(CSRF_HEADER, CSRF_VALUE);
  }

  /** A request with no credentials and no CSRF header. */
  public static RequestSpecification anonymous() {
    return RestAssured.given().redirects().follow(false);
  }
}
