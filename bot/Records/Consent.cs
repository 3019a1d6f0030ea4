namespace Chexs.Bot.Records;

public enum ConsentKind
{
    /// <summary>Covers one academic year (1 September – 31 August by default).</summary>
    Annual,
    /// <summary>Covers one named session.</summary>
    Session,
}

/// <summary>What a consent form covers. Every session is recorded (P5) so recording is always needed.</summary>
[Flags]
public enum ConsentScope
{
    None = 0,
    Participation = 1,
    Recording = 2,
    Group = 4,
}

/// <summary>A parent/guardian consent (P4), as recorded from a returned form.</summary>
public sealed class Consent
{
    public string Id { get; set; } = "";
    public string PupilId { get; set; } = "";
    public string GuardianId { get; set; } = "";
    public ConsentKind Kind { get; set; }
    /// <summary>For annual consents: the academic year's first calendar year (2026 means 2026/27).</summary>
    public int? AcademicYearStart { get; set; }
    /// <summary>For session consents: the session it covers.</summary>
    public string? SessionId { get; set; }
    public ConsentScope Covers { get; set; }
    public DateOnly GivenOn { get; set; }
    /// <summary>Where the signed form is kept (form reference).</summary>
    public string Evidence { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public ConsentWithdrawal? Withdrawal { get; set; }

    public bool IsWithdrawn => Withdrawal is not null;
}

public sealed class ConsentWithdrawal
{
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public string Reason { get; set; } = "";
}
