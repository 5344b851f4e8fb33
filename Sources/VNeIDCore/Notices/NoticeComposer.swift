import struct Foundation.Date

/// Writes the notices an order owes, in Vietnamese: who decided, what, on what grounds,
/// from when. Pure: ids and due times come from the caller.
public enum NoticeComposer {
    /// One notice to write, before it has an id.
    public struct Draft: Sendable, Hashable {
        /// What it announces.
        public var kind: NoticeKind
        /// Who it is for.
        public var recipientRole: NoticeRecipientRole
        /// The recipient's account or principal id.
        public var recipientID: String
        /// The recipient's name.
        public var recipientName: String
        /// The system that delivers it.
        public var channel: NoticeChannel
        /// The rendered text.
        public var text: String
    }

    /// The drafts for `order` once decided, about `account` (and the organization it acts
    /// for, if any).
    public static func drafts(for order: Order, account: Account, managingOrganization: Account?) -> [Draft] {
        guard let decider = order.decidedBy, let decidedAt = order.decidedAt else { return [] }
        let subject = (NoticeRecipientRole.subject, account.id.rawValue, account.record.displayName)
        switch (order.kind, order.state) {
        case (.lock, .executed):
            var drafts = [draft(.lockNotice, to: subject, via: .registry, order, account, decider, decidedAt)]
            if order.requestedBy.role == .requester {
                drafts.append(draft(.lockNotice, to: (.requestingBody, order.requestedBy.principalID, order.requestedBy.name), via: .principal(order.requestedBy.principalID), order, account, decider, decidedAt))
            }
            return drafts
        case (.lock, .refused):
            return [draft(.lockRefusal, to: (.requestingBody, order.requestedBy.principalID, order.requestedBy.name), via: .principal(order.requestedBy.principalID), order, account, decider, decidedAt)]
        case (.unlock, .executed):
            return [draft(.unlockNotice, to: subject, via: .registry, order, account, decider, decidedAt)]
        case (.suspend, .executed), (.restore, .executed):
            let kind: NoticeKind = order.kind == .suspend ? .suspensionNotice : .restoreNotice
            let channel = NoticeChannel.service(order.service ?? ServiceName(trusted: "border-portal"))
            var drafts: [Draft] = []
            if let managingOrganization {
                drafts.append(draft(kind, to: (.managingOrganization, managingOrganization.id.rawValue, managingOrganization.record.displayName), via: channel, order, account, decider, decidedAt))
            }
            drafts.append(draft(kind, to: subject, via: channel, order, account, decider, decidedAt))
            return drafts
        default:
            return []
        }
    }

    private static func draft(
        _ kind: NoticeKind, to recipient: (NoticeRecipientRole, String, String), via channel: NoticeChannel,
        _ order: Order, _ account: Account, _ decider: OrderActor, _ decidedAt: Date
    ) -> Draft {
        Draft(
            kind: kind, recipientRole: recipient.0, recipientID: recipient.1, recipientName: recipient.2,
            channel: channel, text: render(kind, recipientName: recipient.2, order, account, decider, decidedAt)
        )
    }

    static func render(
        _ kind: NoticeKind, recipientName: String, _ order: Order, _ account: Account, _ decider: OrderActor, _ decidedAt: Date
    ) -> String {
        let accountText = "tài khoản định danh điện tử \(account.id) của \(account.record.displayName)"
        let when = VietnameseTime.text(decidedAt)
        let service = order.service?.rawValue ?? "border-portal"
        var lines: [String] = []
        switch kind {
        case .lockNotice:
            lines.append("THÔNG BÁO KHÓA TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ")
            lines.append("Kính gửi: \(recipientName).")
            lines.append("\(accountText.capitalizedFirst) đã bị khóa từ \(when).")
        case .lockRefusal:
            lines.append("VĂN BẢN TRẢ LỜI TỪ CHỐI KHÓA TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ")
            lines.append("Kính gửi: \(recipientName).")
            lines.append("Đề nghị khóa \(accountText) (tiếp nhận lúc \(VietnameseTime.text(order.receivedAt))) không được chấp thuận.")
            lines.append("Lý do từ chối: \(order.refusalReason ?? "").")
        case .suspensionNotice:
            lines.append("THÔNG BÁO TẠM DỪNG ĐĂNG NHẬP CỔNG THÔNG TIN THỦ TỤC BIÊN PHÒNG ĐIỆN TỬ (Mẫu Phụ lục 2)")
            lines.append("Kính gửi: \(recipientName).")
            lines.append("Đồn Biên phòng cửa khẩu \(order.stationID?.rawValue ?? "") tạm dừng đăng nhập Cổng thông tin thủ tục biên phòng điện tử (\(service)) bằng \(accountText) từ \(when).")
        case .restoreNotice:
            lines.append("THÔNG BÁO KHÔI PHỤC ĐĂNG NHẬP CỔNG THÔNG TIN THỦ TỤC BIÊN PHÒNG ĐIỆN TỬ (Mẫu Phụ lục 4)")
            lines.append("Kính gửi: \(recipientName).")
            lines.append("Đồn Biên phòng cửa khẩu \(order.stationID?.rawValue ?? "") khôi phục đăng nhập Cổng thông tin thủ tục biên phòng điện tử (\(service)) bằng \(accountText) từ \(when).")
        case .unlockNotice:
            lines.append("THÔNG BÁO MỞ KHÓA TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ")
            lines.append("Kính gửi: \(recipientName).")
            lines.append("\(accountText.capitalizedFirst) đã được mở khóa từ \(when).")
        }
        if kind != .lockRefusal {
            lines.append("Lý do: \(order.grounds.ground.vietnameseText)\(order.grounds.text.isEmpty ? "" : " (\(order.grounds.text))").")
        }
        if !order.grounds.documentReference.isEmpty {
            let date = order.grounds.documentDate.map { " ngày \($0.vietnameseText)" } ?? ""
            lines.append("Căn cứ: \(documentName(order))số \(order.grounds.documentReference)\(date).")
        }
        if order.requestedBy.role == .requester {
            lines.append("Cơ quan đề nghị: \(order.requestedBy.name) (\(order.requestedBy.vietnameseTitle)).")
        }
        lines.append("Người quyết định: \(decider.name), \(decider.vietnameseTitle).")
        lines.append("Mã lệnh: \(order.id).")
        return lines.joined(separator: "\n")
    }

    private static func documentName(_ order: Order) -> String {
        guard order.grounds.ground == .managingOrganizationRequest else { return "văn bản " }
        return order.kind == .suspend ? "văn bản đề nghị (Mẫu Phụ lục 1) " : "văn bản đề nghị (Mẫu Phụ lục 3) "
    }
}

extension String {
    fileprivate var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
