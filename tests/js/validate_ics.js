// Parse an ICS document from stdin with Mozilla's ical.js (an independent implementation of
// RFC 5545) and print its VEVENTs as JSON; exit 1 when it does not parse.
"use strict";

const ICAL = require("ical.js");

function readStdin() {
  return require("fs").readFileSync(0, "utf8");
}

function main() {
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(readStdin()));
  } catch (error) {
    process.stderr.write(`ical.js parse error: ${error.message}\n`);
    process.exit(1);
  }
  // Register the calendar's VTIMEZONEs so DTSTART values convert with *its* rules.
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = event.startDate;
    const end = event.endDate;
    return {
      uid: event.uid,
      summary: event.summary,
      start: start.toString(),
      start_utc: start.isDate ? null : start.toUnixTime(),
      is_date: start.isDate,
      end: vevent.hasProperty("dtend") ? end.toString() : null,
      tz: start.zone ? start.zone.tzid : null,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
    };
  });
  process.stdout.write(JSON.stringify(events));
}

main();
