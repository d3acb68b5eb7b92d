package io.maskwatch.alert.security;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method of alert-service, found by walking the compiled classes (so a route
 * added later is checked without anyone remembering to list it).
 */
final class ApiRoutes {

  /** One resource method: HTTP method, path template, and the Java method. */
  record Route(String httpMethod, String template, Method method) {

    /** The path with every {@code {param}} filled with a harmless value. */
    String samplePath() {
      return template.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
    }

    @Override
    public String toString() {
      return httpMethod + " " + template;
    }
  }

  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          GET.class, "GET",
          POST.class, "POST",
          PUT.class, "PUT",
          DELETE.class, "DELETE",
          PATCH.class, "PATCH",
          HEAD.class, "HEAD");

  private ApiRoutes() {}

  static List<Route> all() {
    java.nio.file.Path classes = Paths.get("target", "classes");
    List<Route> routes = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = load(name);
        if (type == null || Modifier.isAbstract(type.getModifiers())) {
          continue;
        }
        Path classPath = type.getAnnotation(Path.class);
        if (classPath == null) {
          continue;
        }
        for (Method method : type.getDeclaredMethods()) {
          for (Map.Entry<Class<? extends Annotation>, String> verb : VERBS.entrySet()) {
            if (method.isAnnotationPresent(verb.getKey())) {
              Path methodPath = method.getAnnotation(Path.class);
              routes.add(
                  new Route(
                      verb.getValue(),
                      join(classPath.value(), methodPath == null ? "" : methodPath.value()),
                      method));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    routes.sort(Comparator.comparing(Route::toString));
    return routes;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiRoutes.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static String join(String base, String sub) {
    String path = (base.startsWith("/") ? base : "/" + base);
    if (!sub.isEmpty()) {
      path = path.replaceAll("/$", "") + (sub.startsWith("/") ? sub : "/" + sub);
    }
    return path;
  }
}
