package dev.baton.scheduler.importer;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Pacemaker's {@code <date_expression>}: {@code gt} (after start), {@code lt} (before end), {@code in_range}
 * (start to end inclusive, or start plus a duration) and {@code date_spec} (every given field, a value or a
 * "low-high" range, matches "now"). ISO 8601 dates and times, local time unless an offset is given.
 */
final class DateRules {
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})(?:-?(\\d{2})-?(\\d{2})|-?W(\\d{2})-?(\\d)|-?(\\d{3}))");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{2})(?::?(\\d{2})(?::?(\\d{2}))?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private DateRules() {
    }

    static boolean matches(Element e, ZonedDateTime now) {
        String op = CibImporter.attr(e, "operation", "in_range");
        ZonedDateTime start = e.hasAttribute("start") ? parse(e.getAttribute("start"), now.getZone()) : null;
        ZonedDateTime end = e.hasAttribute("end") ? parse(e.getAttribute("end"), now.getZone()) : null;
        switch (op) {
            case "gt":
                return start != null && now.isAfter(start);
            case "lt":
                return end != null && now.isBefore(end);
            case "in_range": {
                Element duration = CibImporter.child(e, "duration");
                if (end == null && start != null && duration != null) {
                    end = plus(start, duration);
                }
                if (start == null && end == null) {
                    return false;
                }
                return (start == null || !now.isBefore(start)) && (end == null || !now.isAfter(end));
            }
            case "date_spec": {
                Element spec = CibImporter.child(e, "date_spec");
                return spec != null && spec(spec, now);
            }
            default:
                throw new Rules.Unsupported("date_expression operation " + op);
        }
    }

    static ZonedDateTime parse(String s, ZoneId zone) {
        String t = s.trim();
        int sep = Math.max(t.indexOf('T'), t.indexOf(' '));
        Matcher d = DATE.matcher(sep < 0 ? t : t.substring(0, sep));
        if (!d.matches()) {
            throw new Rules.Unsupported("date " + s);
        }
        int year = Integer.parseInt(d.group(1));
        LocalDate date;
        if (d.group(2) != null) {
            date = LocalDate.of(year, Integer.parseInt(d.group(2)), Integer.parseInt(d.group(3)));
        } else if (d.group(4) != null) {
            date = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(d.group(4)))
                    .with(DayOfWeek.of(Integer.parseInt(d.group(5))));
        } else {
            date = LocalDate.ofYearDay(year, Integer.parseInt(d.group(6)));
        }
        LocalTime time = LocalTime.MIDNIGHT;
        ZoneId z = zone;
        if (sep >= 0) {
            Matcher m = TIME.matcher(t.substring(sep + 1).trim());
            if (!m.matches()) {
                throw new Rules.Unsupported("time " + s);
            }
            time = LocalTime.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            if (m.group(4) != null) {
                z = m.group(4).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(4).length() == 3
                        ? m.group(4) + ":00" : m.group(4));
            }
        }
        return ZonedDateTime.of(date, time, z);
    }

    /** A {@code <duration>} (years, months, weeks, days, hours, minutes, seconds) after {@code start}. */
    private static ZonedDateTime plus(ZonedDateTime start, Element duration) {
        ZonedDateTime t = start;
        String[] fields = {"years", "months", "weeks", "days", "hours", "minutes", "seconds"};
        ChronoUnit[] units = {ChronoUnit.YEARS, ChronoUnit.MONTHS, ChronoUnit.WEEKS, ChronoUnit.DAYS,
                ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS};
        for (int i = 0; i < fields.length; i++) {
            if (duration.hasAttribute(fields[i])) {
                t = t.plus(Long.parseLong(duration.getAttribute(fields[i]).trim()), units[i]);
            }
        }
        return t;
    }

    private static boolean spec(Element spec, ZonedDateTime now) {
        return field(spec, "years", now.getYear())
                && field(spec, "months", now.getMonthValue())
                && field(spec, "monthdays", now.getDayOfMonth())
                && field(spec, "hours", now.getHour())
                && field(spec, "minutes", now.getMinute())
                && field(spec, "seconds", now.getSecond())
                && field(spec, "yeardays", now.getDayOfYear())
                && field(spec, "weekyears", now.get(IsoFields.WEEK_BASED_YEAR))
                && field(spec, "weeks", now.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                && field(spec, "weekdays", now.getDayOfWeek().getValue());
    }

    /** "3" or "1-5" (either end may be missing); an absent field matches anything. */
    private static boolean field(Element spec, String name, int value) {
        if (!spec.hasAttribute(name)) {
            return true;
        }
        String v = spec.getAttribute(name).trim();
        int dash = v.indexOf('-', 1);
        try {
            if (dash < 0) {
                return value == Integer.parseInt(v);
            }
            String low = v.substring(0, dash).trim();
            String high = v.substring(dash + 1).trim();
            return (low.isEmpty() || value >= Integer.parseInt(low)) && (high.isEmpty() || value <= Integer.parseInt(high));
        } catch (NumberFormatException ex) {
            return false;
        }
    }
}
