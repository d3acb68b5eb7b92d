package io.maskwatch.ingest.camera;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps camera credentials out of answers, logs and status messages. */
public final class Urls {

  /** scheme://user[:password]@ — the user info of any URL-like text. */
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s?#]+)@");

  /** Query parameters whose values are secrets (?password=..., &token=...). */
  private static final Pattern SECRET_PARAM =
      Pattern.compile(
          "([?&;](?:pass|password|passwd|pwd|token|access_token|auth|key|apikey|api_key|secret|sig|signature)=)([^&#\\s]*)",
          Pattern.CASE_INSENSITIVE);

  private Urls() {}

  /** The URL (or any text holding URLs) with user info and secret query values as {@code ***}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***@"));
    return SECRET_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
  }

  /**
   * A message about a camera (an exception's, FFmpeg's) with the camera's URL and its secrets
   * removed, even where the message quotes them decoded or in pieces.
   */
  public static String scrub(String message, String url) {
    if (message == null) {
      return null;
    }
    String out = message;
    if (url != null && !url.isEmpty()) {
      out = out.replace(url, redact(url));
      for (String secret : secretsOf(url)) {
        if (secret.length() >= 3) {
          out = out.replace(secret, "***");
        }
      }
    }
    return redact(out);
  }

  /** The scheme in lower case, or "" when the text has none. */
  public static String scheme(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0) {
      return "";
    }
    String scheme = url.substring(0, colon);
    return scheme.matches("[a-zA-Z][a-zA-Z0-9+.-]*") ? scheme.toLowerCase(Locale.ROOT) : "";
  }

  private static java.util.List<String> secretsOf(String url) {
    java.util.List<String> secrets = new java.util.ArrayList<>();
    Matcher user = USER_INFO.matcher(url);
    if (user.find()) {
      String info = user.group(2);
      int colon = info.indexOf(':');
      if (colon >= 0) {
        secrets.add(info.substring(colon + 1));
        secrets.add(
            java.net.URLDecoder.decode(
                info.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
      secrets.add(info);
    }
    Matcher param = SECRET_PARAM.matcher(url);
    while (param.find()) {
      secrets.add(param.group(2));
    }
    return secrets;
  }
}
