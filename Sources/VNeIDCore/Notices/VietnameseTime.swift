import struct Foundation.Date

/// Instants written as Vietnamese documents write them, in Vietnam time:
/// `14 giờ 05 phút ngày 22/11/2026`.
public enum VietnameseTime {
    /// The instant in words and digits, Asia/Ho_Chi_Minh.
    public static func text(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let day = LocalDate(containingInstant: seconds)
        let secondOfDay = Int((seconds - day.startInstant).rounded(.down))
        let hour = secondOfDay / 3600
        let minute = (secondOfDay % 3600) / 60
        return "\(LocalDate.twoDigits(hour)) giờ \(LocalDate.twoDigits(minute)) phút ngày \(day.vietnameseText)"
    }
}
