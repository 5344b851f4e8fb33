import Foundation

extension WorkingDayCalendar {
    /// The calendar file's layout (JSON):
    ///
    /// ```json
    /// { "timeZone": "Asia/Ho_Chi_Minh", "from": "2024-01-01", "through": "2027-12-31",
    ///   "daysOff": [{ "date": "2025-01-27", "name": "Tết Nguyên đán" }],
    ///   "workingSaturdays": [{ "date": "2025-04-26", "name": "làm bù cho thứ Sáu 02/5/2025" }] }
    /// ```
    ///
    /// `daysOff` lists every weekday off (a holiday on a weekend is listed on the weekday
    /// that replaces it); `workingSaturdays` the make-up working Saturdays.
    struct File: Decodable {
        struct Day: Decodable {
            var date: String
            var name: String
        }

        var timeZone: String
        var from: String
        var through: String
        var daysOff: [Day]
        var workingSaturdays: [Day]
    }

    /// Reads a calendar file's contents, or throws `invalidArgument` saying what is wrong.
    public init(fileContents data: Data) throws(VNeIDError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .invalidArgument("the working-day calendar is not valid JSON of the expected layout: \(error)")
        }
        guard file.timeZone == "Asia/Ho_Chi_Minh" else {
            throw .invalidArgument("the working-day calendar is for time zone \(file.timeZone); only Asia/Ho_Chi_Minh is supported")
        }
        func date(_ text: String, _ what: String) throws(VNeIDError) -> LocalDate {
            guard let date = LocalDate(iso: text) else {
                throw .invalidArgument("the working-day calendar has \(what) '\(text)', which is not a YYYY-MM-DD date")
            }
            return date
        }
        let from = try date(file.from, "from")
        let through = try date(file.through, "through")
        guard from <= through else { throw .invalidArgument("the working-day calendar ends (\(through)) before it begins (\(from))") }
        var off: [SpecialDay] = []
        for day in file.daysOff { off.append(SpecialDay(date: try date(day.date, "day off"), name: day.name)) }
        var saturdays: [SpecialDay] = []
        for day in file.workingSaturdays { saturdays.append(SpecialDay(date: try date(day.date, "working Saturday"), name: day.name)) }
        try self.init(coverage: from...through, daysOff: off, workingSaturdays: saturdays)
    }
}
