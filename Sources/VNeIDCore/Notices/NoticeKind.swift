/// What a notice announces.
public enum NoticeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// An account was locked.
    case lockNotice = "LOCK_NOTICE"
    /// A lock request was refused, with the reasons.
    case lockRefusal = "LOCK_REFUSAL"
    /// Border-portal login was suspended (Appendix 2 form).
    case suspensionNotice = "SUSPENSION_NOTICE"
    /// Border-portal login was restored (Appendix 4 form).
    case restoreNotice = "RESTORE_NOTICE"
    /// A lock was lifted.
    case unlockNotice = "UNLOCK_NOTICE"
}

/// Who a notice is for.
public enum NoticeRecipientRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// The account's subject: the person or the organization.
    case subject = "SUBJECT"
    /// The managing agency or enterprise a person acts for.
    case managingOrganization = "MANAGING_ORGANIZATION"
    /// The body that requested a lock.
    case requestingBody = "REQUESTING_BODY"
}
