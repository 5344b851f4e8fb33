import struct Foundation.Date

/// Vietnam's working days for public bodies: Monday to Friday, except public holidays and
/// the days off the government moves, plus the Saturdays it names as make-up working days.
///
/// Built from a calendar file (`WorkingDayCalendar+File.swift`); the deadline arithmetic is
/// pure. Beyond the years the file covers only weekends are days off, and
/// `covers(_:)` says so, so that the daemon can warn before its calendar runs out.
public struct WorkingDayCalendar: Sendable {
    /// A day that differs from the weekday rule, with the reason officials give for it.
    public struct SpecialDay: Sendable, Hashable {
        /// The date.
        public var date: LocalDate
        /// Why it differs, for example "Tết Nguyên đán" or "làm bù cho thứ Sáu 02/5/2025".
        public var name: String

        /// Creates a special day.
        public init(date: LocalDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// The first and last dates the calendar knows the holidays of.
    public let coverage: ClosedRange<LocalDate>
    /// Weekdays that are days off: holidays and moved days off.
    public let daysOff: [LocalDate: SpecialDay]
    /// Saturdays that are working days.
    public let workingSaturdays: [LocalDate: SpecialDay]

    /// Creates a calendar, or throws `invalidArgument` naming the first inconsistency.
    public init(coverage: ClosedRange<LocalDate>, daysOff: [SpecialDay], workingSaturdays: [SpecialDay]) throws(VNeIDError) {
        var off: [LocalDate: SpecialDay] = [:]
        for day in daysOff {
            guard coverage.contains(day.date) else {
                throw .invalidArgument("day off \(day.date) (\(day.name)) lies outside the calendar's years \(coverage.lowerBound)…\(coverage.upperBound)")
            }
            guard off.updateValue(day, forKey: day.date) == nil else {
                throw .invalidArgument("day off \(day.date) is listed twice")
            }
        }
        var saturdays: [LocalDate: SpecialDay] = [:]
        for day in workingSaturdays {
            guard day.date.isoWeekday == 6 else {
                throw .invalidArgument("make-up working day \(day.date) (\(day.name)) is not a Saturday")
            }
            guard off[day.date] == nil else {
                throw .invalidArgument("\(day.date) is listed both as a day off and as a working Saturday")
            }
            guard saturdays.updateValue(day, forKey: day.date) == nil else {
                throw .invalidArgument("working Saturday \(day.date) is listed twice")
            }
        }
        self.coverage = coverage
        self.daysOff = off
        self.workingSaturdays = saturdays
    }

    /// Whether public bodies work on `date`.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if workingSaturdays[date] != nil { return true }
        if date.isWeekend { return false }
        return daysOff[date] == nil
    }

    /// Whether the calendar knows the holidays of `date`.
    public func covers(_ date: LocalDate) -> Bool { coverage.contains(date) }

    /// The `count`-th working day after `date` (not counting `date` itself).
    public func workingDay(_ count: Int, after date: LocalDate) -> LocalDate {
        precondition(count >= 1, "count working days from 1")
        var day = date
        var found = 0
        while found < count {
            day = day.adding(days: 1)
            if isWorkingDay(day) { found += 1 }
        }
        return day
    }

    /// The deadline of something received at `received` that must be handled within
    /// `workingDays` working days: the end (midnight, Vietnam time) of the
    /// `workingDays`-th working day after the day it was received. Something received on a
    /// holiday or a weekend is counted the same way, from the next working day.
    public func deadline(receivedAt received: Date, workingDays: Int) -> Date {
        let receivedOn = LocalDate(containingInstant: received.timeIntervalSince1970)
        let lastDay = workingDay(workingDays, after: receivedOn)
        return Date(timeIntervalSince1970: lastDay.adding(days: 1).startInstant)
    }
}
