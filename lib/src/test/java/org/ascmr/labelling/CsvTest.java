package org.ascmr.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void plainQuotedAndMultiLineFields() {
    List<Csv.Record> r = Csv.parse("id,text\r\na,\"x, \"\"y\"\"\"\nb,\"two\nlines\"\n\nc,\n");
    assertEquals(5, r.size());
    assertEquals(List.of("id", "text"), r.get(0).fields());
    assertEquals(List.of("a", "x, \"y\""), r.get(1).fields());
    assertEquals(2, r.get(1).line());
    assertEquals(List.of("b", "two\nlines"), r.get(2).fields());
    assertEquals(3, r.get(2).line());
    assertEquals(List.of(), r.get(3).fields()); // the blank line 5
    assertEquals(5, r.get(3).line());
    assertEquals(List.of("c", ""), r.get(4).fields());
    assertEquals(6, r.get(4).line());
    r.forEach(x -> assertNull(x.error()));
  }

  @Test
  void strayQuotesAreErrorsWithTheirLine() {
    List<Csv.Record> r = Csv.parse("a,b\nx,\"y\"z\nq,w\"e\nlast,\"open\n");
    assertEquals("text after a closing quote (a quote inside a field must be doubled)", r.get(1).error());
    assertEquals(2, r.get(1).line());
    assertEquals("quote inside an unquoted field", r.get(2).error());
    assertEquals("unterminated quoted field", r.get(3).error());
    assertEquals(4, r.get(3).line());
  }

  @Test
  void byteOrderMarkIsDropped() {
    assertEquals(List.of("id", "labels"), Csv.parse("\uFEFFid,labels\n").get(0).fields());
  }

  @Test
  void quoteRoundTrips() {
    List<String> values = List.of("plain", "a,b", "say \"hi\"", "two\nlines", " padded", "");
    String line = Csv.row(values);
    assertEquals(values, Csv.parse(line + "\n").get(0).fields());
    assertTrue(line.startsWith("plain,\"a,b\",\"say \"\"hi\"\"\""), line);
  }
}
