package io.maskwatch.alert.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Camera URLs with their credentials masked, for answers and pages. */
public final class Urls {

  /** scheme://user[:password]@ */
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s?#]+)@");

  /** Query parameters whose values are secrets (?password=..., &token=...). */
  private static final Pattern SECRET_PARAM =
      Pattern.compile(
          "([?&;](?:pass|password|passwd|pwd|token|access_token|auth|key|apikey|api_key|secret"
              + "|sig|signature)=)([^&#\\s]*)",
          Pattern.CASE_INSENSITIVE);

  private Urls() {}

  /** The URL with user info and secret query values as {@code ***}. */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String out =
        USER_INFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***@"));
    return SECRET_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
  }
}
