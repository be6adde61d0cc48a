package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  /**
   * {@link Csv#fields} reads back what {@link Csv#line} writes: quoted rule specs with commas and
   * quotes, empty fields, and doubles bit for bit (a resumed compare reads its members' rows so).
   */
  @Test
  void fieldsReadBackWhatLineWrites() {
    List<String> written = List.of("12", "tbptt:k1=5,k2=10", "say \"hi\"", "", "NaN",
        Csv.number(0.1 + 0.2), Csv.number(-Double.MIN_VALUE), Csv.number(1e300));
    String line = Csv.line(written);
    assertEquals(written, Csv.fields(line.substring(0, line.length() - 1)));
    assertEquals(Double.doubleToRawLongBits(0.1 + 0.2),
        Double.doubleToRawLongBits(Double.parseDouble(Csv.fields(line.strip()).get(5))));
  }
}
