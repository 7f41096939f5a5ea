//! Simulated time: whole seconds since 2026-01-01T00:00:00Z.
//!
//! The core never reads a clock. Time starts at [`SimTime::ZERO`] and moves only when a command
//! (`sim advance`) moves it, so every run of a scenario sees the same dates.

use serde::{Deserialize, Serialize, Serializer};

/// A span of simulated time, in whole seconds (`30d`, `6h`, `15m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimDuration(pub u64);

impl SimDuration {
    pub const MINUTE: SimDuration = SimDuration(60);
    pub const HOUR: SimDuration = SimDuration(3_600);
    pub const DAY: SimDuration = SimDuration(86_400);

    pub const fn days(n: u64) -> Self {
        SimDuration(n * 86_400)
    }
    pub const fn hours(n: u64) -> Self {
        SimDuration(n * 3_600)
    }
    pub const fn secs(self) -> u64 {
        self.0
    }
}

/// A calendar date given on the command line (`--expires 2027-01-01`), midnight UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Days from 1970-01-01 to 2026-01-01, the simulation's epoch.
const EPOCH_DAYS_FROM_UNIX: i64 = 20_454;

/// A point in simulated time: seconds since 2026-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u64);

impl SimTime {
    /// 2026-01-01T00:00:00Z, where every world starts.
    pub const ZERO: SimTime = SimTime(0);

    /// Whole days elapsed since the epoch (day 0 is 2026-01-01).
    pub const fn day(self) -> u64 {
        self.0 / 86_400
    }

    /// Seconds since the epoch.
    pub const fn secs(self) -> u64 {
        self.0
    }

    /// Midnight UTC of a calendar date; dates before the epoch clamp to [`SimTime::ZERO`].
    pub fn from_date(d: Date) -> SimTime {
        let days = days_from_civil(i64::from(d.year), u32::from(d.month), u32::from(d.day))
            - EPOCH_DAYS_FROM_UNIX;
        SimTime(u64::try_from(days).unwrap_or(0) * 86_400)
    }

    /// The calendar date (`2026-01-03`) of this instant.
    pub fn date_string(self) -> String {
        let (y, m, d) = civil_from_days(self.day() as i64 + EPOCH_DAYS_FROM_UNIX);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// This instant moved forward by `d`, saturating rather than wrapping.
    pub const fn plus(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

/// An ISO 8601 duration of whole calendar units (`P90D`, `P18M`, `P2Y`, `P1Y10D`, `P2W`,
/// `PT48H`), as a Key Vault rotation policy gives its times. Years and months are calendar
/// months, added on the simulated calendar (`P1M` from 31 January is 28 or 29 February, the
/// end of the month, as .NET's `AddMonths` does), not a fixed number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Period {
    pub years: u32,
    pub months: u32,
    pub days: u32,
    /// Hours, minutes and seconds after `T`, in seconds.
    pub seconds: u64,
}

impl Period {
    /// Reads `P[nY][nM][nW][nD][T[nH][nM][nS]]` (upper or lower case), at least one part.
    pub fn parse(text: &str) -> Option<Period> {
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        let mut p = Period::default();
        let mut any = parts(date, |n, unit| {
            let n = u32::try_from(n).ok()?;
            match unit {
                'Y' => p.years = p.years.checked_add(n)?,
                'M' => p.months = p.months.checked_add(n)?,
                'W' => p.days = p.days.checked_add(n.checked_mul(7)?)?,
                'D' => p.days = p.days.checked_add(n)?,
                _ => return None,
            }
            Some(())
        })?;
        if let Some(t) = time {
            if t.is_empty() {
                return None;
            }
            any |= parts(t, |n, unit| {
                let secs = match unit {
                    'H' => 3_600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
                p.seconds = p.seconds.checked_add(n.checked_mul(secs)?)?;
                Some(())
            })?;
        }
        any.then_some(p)
    }
}

/// Reads `text` as numbers each followed by a unit letter, handing each to `f`: whether there
/// was any, or `None` when a part does not read or `f` refuses it.
fn parts(text: &str, mut f: impl FnMut(u64, char) -> Option<()>) -> Option<bool> {
    let mut any = false;
    let mut num = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        f(num.parse().ok()?, c)?;
        num.clear();
        any = true;
    }
    num.is_empty().then_some(any)
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("P")?;
        let Period {
            years,
            months,
            days,
            seconds,
        } = *self;
        for (n, unit) in [(years, 'Y'), (months, 'M'), (days, 'D')] {
            if n > 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        if seconds > 0 {
            f.write_str("T")?;
            for (n, unit) in [
                (seconds / 3_600, 'H'),
                (seconds / 60 % 60, 'M'),
                (seconds % 60, 'S'),
            ] {
                if n > 0 {
                    write!(f, "{n}{unit}")?;
                }
            }
        } else if years == 0 && months == 0 && days == 0 {
            f.write_str("0D")?;
        }
        Ok(())
    }
}

impl SimTime {
    /// This instant moved forward by a calendar period: years and months on the calendar (the
    /// day clamped to the end of a shorter month), then days and seconds.
    pub fn plus_period(self, p: Period) -> SimTime {
        let secs_of_day = self.0 % 86_400;
        let (y, m, d) = civil_from_days(self.day() as i64 + EPOCH_DAYS_FROM_UNIX);
        let months = i64::from(m) - 1 + i64::from(p.months) + 12 * i64::from(p.years);
        let (y, m) = (
            y + months.div_euclid(12),
            (months.rem_euclid(12) + 1) as u32,
        );
        let d = d.min(days_in_month(y, m));
        let days = days_from_civil(y, m, d) - EPOCH_DAYS_FROM_UNIX + i64::from(p.days);
        SimTime((u64::try_from(days).unwrap_or(0) * 86_400 + secs_of_day).saturating_add(p.seconds))
    }

    /// This instant moved back by a calendar period, clamped at the epoch.
    pub fn minus_period(self, p: Period) -> SimTime {
        let secs_of_day = self.0 % 86_400;
        let (y, m, d) = civil_from_days(self.day() as i64 + EPOCH_DAYS_FROM_UNIX);
        let months = i64::from(m) - 1 - i64::from(p.months) - 12 * i64::from(p.years);
        let (y, m) = (
            y + months.div_euclid(12),
            (months.rem_euclid(12) + 1) as u32,
        );
        let d = d.min(days_in_month(y, m));
        let days = days_from_civil(y, m, d) - EPOCH_DAYS_FROM_UNIX - i64::from(p.days);
        let secs = i64::try_from(secs_of_day).unwrap_or(0) + days * 86_400
            - i64::try_from(p.seconds).unwrap_or(i64::MAX / 2);
        SimTime(u64::try_from(secs).unwrap_or(0))
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::ops::Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        self.plus(d)
    }
}

impl std::fmt::Display for SimTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.0 % 86_400;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date_string(),
            secs / 3_600,
            (secs / 60) % 60,
            secs % 60
        )
    }
}

impl Serialize for SimTime {
    // Audit JSON carries ISO 8601 times, as Azure's AuditEvent table does.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_display() {
        assert_eq!(SimTime::ZERO.to_string(), "2026-01-01T00:00:00Z");
        let t = SimTime(2 * 86_400 + 6 * 3_600);
        assert_eq!(t.to_string(), "2026-01-03T06:00:00Z");
        assert_eq!(t.day(), 2);
    }

    #[test]
    fn month_and_leap_boundaries() {
        assert_eq!(SimTime(31 * 86_400).date_string(), "2026-02-01");
        assert_eq!(SimTime(365 * 86_400).date_string(), "2027-01-01");
        // 2028 is a leap year: day 365+365+59 is 2028-02-29.
        assert_eq!(SimTime((730 + 59) * 86_400).date_string(), "2028-02-29");
    }

    #[test]
    fn from_date_round_trips() {
        for (y, m, d) in [(2026, 1, 1), (2026, 3, 15), (2027, 1, 1), (2028, 12, 31)] {
            let t = SimTime::from_date(Date {
                year: y,
                month: m,
                day: d,
            });
            assert_eq!(t.date_string(), format!("{y:04}-{m:02}-{d:02}"));
        }
        let before = Date {
            year: 2020,
            month: 1,
            day: 1,
        };
        assert_eq!(SimTime::from_date(before), SimTime::ZERO);
    }

    #[test]
    fn serializes_as_iso_string() {
        let json = serde_json::to_string(&SimTime(61)).expect("serializes");
        assert_eq!(json, "\"2026-01-01T00:01:01Z\"");
    }

    #[test]
    fn periods_parse_and_print() {
        let p = |t| Period::parse(t).expect(t);
        assert_eq!(p("P90D").days, 90);
        assert_eq!(p("P18M").months, 18);
        assert_eq!(p("P2Y").years, 2);
        assert_eq!(p("p2w").days, 14);
        assert_eq!(p("PT48H").seconds, 48 * 3_600);
        assert_eq!(p("P1Y10D").to_string(), "P1Y10D");
        for bad in ["", "P", "90D", "P9X", "PT", "P1", "P-1D"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn periods_add_on_the_calendar() {
        let at = |y, m, d| {
            SimTime::from_date(Date {
                year: y,
                month: m,
                day: d,
            })
        };
        let p = |t| Period::parse(t).expect(t);
        // Months and years are calendar units, clamped to the end of a shorter month.
        assert_eq!(at(2026, 1, 31).plus_period(p("P1M")), at(2026, 2, 28));
        assert_eq!(at(2028, 1, 31).plus_period(p("P1M")), at(2028, 2, 29));
        assert_eq!(at(2026, 1, 1).plus_period(p("P18M")), at(2027, 7, 1));
        assert_eq!(at(2028, 2, 29).plus_period(p("P1Y")), at(2029, 2, 28));
        assert_eq!(at(2026, 1, 1).plus_period(p("P2Y")), at(2028, 1, 1));
        assert_eq!(at(2026, 1, 1).plus_period(p("P90D")), at(2026, 4, 1));
        assert_eq!(at(2026, 3, 31).minus_period(p("P1M")), at(2026, 2, 28));
        assert_eq!(at(2027, 1, 1).minus_period(p("P30D")), at(2026, 12, 2));
        assert_eq!(SimTime(3_600).plus_period(p("PT1H")), SimTime(7_200));
    }
}
