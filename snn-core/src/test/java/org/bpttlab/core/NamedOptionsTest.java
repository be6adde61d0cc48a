package org.bpttlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules' and tasks' text form: parsed, written back and parsed again to the same. */
class NamedOptionsTest {
  @Test
  void roundTripsInOrderIgnoringBlanks() {
    NamedOptions o = NamedOptions.parse("rule", " tbptt : k2 = 10, k1=5 ");
    assertEquals("tbptt", o.name());
    assertEquals(List.of("k2", "k1"), List.copyOf(o.options().keySet()));
    assertEquals(Map.of("k1", "5", "k2", "10"), o.options());
    assertEquals("tbptt:k2=10,k1=5", o.toString());
    assertEquals(o, NamedOptions.parse("rule", o.toString()));
    assertEquals("bptt", NamedOptions.parse("rule", "bptt").toString());
  }

  @Test
  void aBadPairOrARepeatedKeyIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NamedOptions.parse("task", "copy:delay"));
    assertEquals("task option must be key=value, was 'delay' in 'copy:delay'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NamedOptions.parse("rule", "tbptt:k1=5,,k2=3"));
    assertEquals("rule option must be key=value, was '' in 'tbptt:k1=5,,k2=3'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NamedOptions.parse("rule", "tbptt:k1=5,k1=6"));
    assertEquals("rule option k1 given twice in 'tbptt:k1=5,k1=6'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NamedOptions.parse("rule", "eprop:gain=1=2"));
    assertEquals("rule option must be key=value, was 'gain=1=2' in 'eprop:gain=1=2'",
        e.getMessage());
  }
}
