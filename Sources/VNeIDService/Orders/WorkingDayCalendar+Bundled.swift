import Foundation
import VNeIDCore

extension WorkingDayCalendar {
    /// The calendar that ships with the daemon (`Resources/working-days-vn.json`: Vietnam's
    /// public holidays, moved days off and make-up Saturdays, 2024 to 2027).
    public static func bundled() throws -> WorkingDayCalendar {
        guard let url = Bundle.module.url(forResource: "working-days-vn", withExtension: "json") else {
            throw VNeIDError.internalError("the bundled working-day calendar is missing from the installation; pass --working-days FILE")
        }
        return try WorkingDayCalendar(fileContents: Data(contentsOf: url))
    }

    /// The calendar in the file at `path`.
    public static func load(path: String) throws -> WorkingDayCalendar {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw VNeIDError.invalidArgument("cannot read the working-day calendar \(path): \(error.localizedDescription)")
        }
        do { return try WorkingDayCalendar(fileContents: data) } catch {
            throw VNeIDError.invalidArgument("working-day calendar \(path): \(error.message)")
        }
    }
}
