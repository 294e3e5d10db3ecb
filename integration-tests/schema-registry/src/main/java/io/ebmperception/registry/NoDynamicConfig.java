package io.ebmperception.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Stands in for the bean that Apicurio's config-index build extension would generate (the list of
 * settings an operator may change at run time), whose build artifact Maven Central does not serve
 * here: the test registry has none.
 */
public class NoDynamicConfig {
  @Produces
  @Singleton
  DynamicConfigPropertyList none() {
    return new DynamicConfigPropertyList(List.of());
  }
}
