package io.maskwatch.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the fields fabric8 did not know. Its model classes keep any key they have no property for
 * in {@code additionalProperties} and never complain, so {@code livenesProbe:} would parse and be
 * dropped by the API server. This walks the parsed object through its {@code @JsonProperty} getters
 * and reports every non-empty {@code additionalProperties} map with its path.
 */
final class UnknownFields {

  private UnknownFields() {}

  static List<String> find(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, found, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
        || !seen.add(value)) {
      return;
    }
    for (Method method : value.getClass().getMethods()) {
      if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")
          && Map.class.isAssignableFrom(method.getReturnType())) {
        Map<?, ?> extra = (Map<?, ?>) invoke(method, value);
        if (extra != null && !extra.isEmpty()) {
          for (Object key : extra.keySet()) {
            found.add((path.isEmpty() ? "" : path.substring(1) + ".") + key);
          }
        }
        continue;
      }
      JsonProperty property = method.getAnnotation(JsonProperty.class);
      if (property != null) {
        walk(invoke(method, value), path + "." + property.value(), found, seen);
      }
    }
  }

  private static Object invoke(Method method, Object target) {
    try {
      return method.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + method, e);
    }
  }
}
