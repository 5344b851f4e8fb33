import Foundation
import Testing
import VNeIDCore

@Suite("Working days and the two-working-day deadline")
struct WorkingDayCalendarTests {
    /// The calendar file that ships with the daemon.
    static let shipped: WorkingDayCalendar = {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/VNeIDService/Resources/working-days-vn.json")
        // A broken shipped file fails every test below with this message.
        do { return try WorkingDayCalendar(fileContents: Data(contentsOf: path)) } catch { fatalError("shipped calendar: \(error)") }
    }()

    /// An instant given in Vietnam time.
    static func vietnam(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "+07:00")!
    }

    static func deadline(_ received: String) -> Date {
        shipped.deadline(receivedAt: vietnam(received), workingDays: 2)
    }

    @Test("Tết 2025 (27–31 January): a request of Friday 24 January is due at the end of Tuesday 4 February")
    func tet2025() {
        #expect(Self.deadline("2025-01-24T10:00:00") == Self.vietnam("2025-02-05T00:00:00"))
        // Received during the holiday or the weekend before it: counted from the next working day.
        #expect(Self.deadline("2025-01-25T09:00:00") == Self.vietnam("2025-02-05T00:00:00"))
        #expect(Self.deadline("2025-01-29T09:00:00") == Self.vietnam("2025-02-05T00:00:00"))
        // Thursday before Tết: Friday the 24th is the first working day, Monday the 3rd the second.
        #expect(Self.deadline("2025-01-23T15:00:00") == Self.vietnam("2025-02-04T00:00:00"))
    }

    @Test("Tết 2026 (16–20 February): requests of Friday the 13th and of mùng 1 are both due at the end of Tuesday 24 February")
    func tet2026() {
        #expect(Self.deadline("2026-02-13T16:30:00") == Self.vietnam("2026-02-25T00:00:00"))
        #expect(Self.deadline("2026-02-17T08:00:00") == Self.vietnam("2026-02-25T00:00:00"))
        #expect(!Self.shipped.isWorkingDay(LocalDate(year: 2026, month: 2, day: 16)!))
        #expect(Self.shipped.isWorkingDay(LocalDate(year: 2026, month: 2, day: 23)!))
    }

    @Test("weekends: Thursday counts Friday and Monday; Friday and Saturday count Monday and Tuesday")
    func weekends() {
        #expect(Self.deadline("2026-11-19T09:00:00") == Self.vietnam("2026-11-24T00:00:00"))
        #expect(Self.deadline("2026-11-20T23:59:59") == Self.vietnam("2026-11-25T00:00:00"))
        #expect(Self.deadline("2026-11-21T00:00:00") == Self.vietnam("2026-11-25T00:00:00"))
        #expect(Self.deadline("2026-11-22T12:00:00") == Self.vietnam("2026-11-25T00:00:00"))
    }

    @Test("the day of receipt is Vietnam's: 23:59 Thursday and 00:00 Friday (UTC+7) differ")
    func timeZoneBoundary() {
        // 2025-01-23T16:59:59Z is Thursday 23:59:59 in Vietnam; a second later it is Friday.
        #expect(Self.shipped.deadline(receivedAt: Date(timeIntervalSince1970: 1_737_651_599), workingDays: 2) == Self.vietnam("2025-02-04T00:00:00"))
        #expect(Self.shipped.deadline(receivedAt: Date(timeIntervalSince1970: 1_737_651_600), workingDays: 2) == Self.vietnam("2025-02-05T00:00:00"))
    }

    @Test("a make-up Saturday counts (26 April 2025), and the swapped Friday 2 May 2025 does not")
    func makeUpSaturday() {
        #expect(Self.shipped.isWorkingDay(LocalDate(year: 2025, month: 4, day: 26)!))
        #expect(!Self.shipped.isWorkingDay(LocalDate(year: 2025, month: 5, day: 2)!))
        #expect(Self.deadline("2025-04-25T10:00:00") == Self.vietnam("2025-04-29T00:00:00"))
        // Received Tuesday 29 April: 30/4, 1/5 and the swapped 2/5 are off, then the weekend.
        #expect(Self.deadline("2025-04-29T10:00:00") == Self.vietnam("2025-05-07T00:00:00"))
    }

    @Test("Hùng Kings' day and National Day are days off")
    func otherHolidays() {
        #expect(!Self.shipped.isWorkingDay(LocalDate(year: 2025, month: 4, day: 7)!))
        #expect(!Self.shipped.isWorkingDay(LocalDate(year: 2025, month: 9, day: 1)!))
        #expect(!Self.shipped.isWorkingDay(LocalDate(year: 2024, month: 9, day: 3)!))
        #expect(Self.shipped.isWorkingDay(LocalDate(year: 2025, month: 9, day: 3)!))
        #expect(Self.shipped.covers(LocalDate(year: 2027, month: 12, day: 31)!))
        #expect(!Self.shipped.covers(LocalDate(year: 2028, month: 1, day: 3)!))
    }

    @Test("a calendar file with a make-up day that is not a Saturday, or a day listed twice, is refused")
    func invalidFiles() {
        let notSaturday = #"{"timeZone":"Asia/Ho_Chi_Minh","from":"2025-01-01","through":"2025-12-31","daysOff":[],"workingSaturdays":[{"date":"2025-04-25","name":"x"}]}"#
        let twice = #"{"timeZone":"Asia/Ho_Chi_Minh","from":"2025-01-01","through":"2025-12-31","daysOff":[{"date":"2025-01-01","name":"a"},{"date":"2025-01-01","name":"b"}],"workingSaturdays":[]}"#
        let otherZone = #"{"timeZone":"UTC","from":"2025-01-01","through":"2025-12-31","daysOff":[],"workingSaturdays":[]}"#
        for text in [notSaturday, twice, otherZone, "not json"] {
            #expect(throws: VNeIDError.self) { try WorkingDayCalendar(fileContents: Data(text.utf8)) }
        }
    }

    @Test("local dates: weekdays, round trips and Vietnamese formatting")
    func localDates() {
        let date = LocalDate(year: 2026, month: 2, day: 17)!
        #expect(date.isoWeekday == 2)
        #expect(LocalDate(iso: "2026-02-17") == date)
        #expect(date.description == "2026-02-17")
        #expect(date.vietnameseText == "17/02/2026")
        #expect(LocalDate(year: 2025, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(VietnameseTime.text(Self.vietnam("2026-11-22T16:05:00")) == "16 giờ 05 phút ngày 22/11/2026")
    }
}
