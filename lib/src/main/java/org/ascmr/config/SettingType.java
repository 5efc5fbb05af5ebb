package org.ascmr.config;

/** The value types a setting can have; each maps to one typed getter of the HOCON library. */
public enum SettingType {
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  STRING,
  ENUM,
  STRING_LIST
}
