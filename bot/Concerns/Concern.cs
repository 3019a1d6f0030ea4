namespace Chexs.Bot.Concerns;

/// <summary>What kind of worry a concern is (the staff member picks one; the DSL can say more in an entry).</summary>
public enum ConcernCategory
{
    Disclosure,
    Welfare,
    OnlineSafety,
    AdultConduct,
    TechnicalOrPrivacyIncident,
    Other,
}

public static class ConcernCategories
{
    public static string Label(ConcernCategory category) => category switch
    {
        ConcernCategory.Disclosure => "Disclosure (a child told me something)",
        ConcernCategory.Welfare => "Welfare (something about the child's wellbeing)",
        ConcernCategory.OnlineSafety => "Online safety",
        ConcernCategory.AdultConduct => "Conduct of an adult",
        ConcernCategory.TechnicalOrPrivacyIncident => "Technical or privacy incident (e.g. an unknown person joined)",
        _ => "Other",
    };

    /// <summary>The short name used on buttons, in the CSV and in the DSL's card.</summary>
    public static string Short(ConcernCategory category) => category switch
    {
        ConcernCategory.Disclosure => "Disclosure",
        ConcernCategory.Welfare => "Welfare",
        ConcernCategory.OnlineSafety => "Online safety",
        ConcernCategory.AdultConduct => "Conduct of an adult",
        ConcernCategory.TechnicalOrPrivacyIncident => "Technical/privacy incident",
        _ => "Other",
    };
}

/// <summary>A pupil a concern is about, as the records stood when it was raised (the pupil record may later be removed by G3 retention; the concern must still say who).</summary>
public sealed class ConcernPupil
{
    public string PupilId { get; set; } = "";
    public string Name { get; set; } = "";
    public DateOnly? DateOfBirth { get; set; }
    public string School { get; set; } = "";
}

/// <summary>
/// A safeguarding concern as the staff member raised it. Written once and never changed: everything that happens
/// afterwards (acknowledged, actions, outcome) is a <see cref="ConcernEntry"/> appended beside it. It carries its own
/// copy of who and when (pupils' names, the session's reference and time), so it stays whole after the session is
/// anonymised and the pupil's record removed by G3 retention.
/// </summary>
public sealed class Concern
{
    /// <summary>The concern's number (C-12), assigned by the store when it is raised.</summary>
    public long Id { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    /// <summary>Entra object id of the staff member who raised it.</summary>
    public string RaisedById { get; set; } = "";
    public string RaisedByName { get; set; } = "";
    public string? SessionId { get; set; }
    public DateTimeOffset? SessionStart { get; set; }
    public string? Programme { get; set; }
    public List<ConcernPupil> Pupils { get; set; } = new();
    public ConcernCategory Category { get; set; }
    /// <summary>What was seen or said, in the staff member's own words, exactly as typed.</summary>
    public string Account { get; set; } = "";
    /// <summary>When it happened, as the staff member said it ("during the session", "today 4:20pm").</summary>
    public string HappenedWhen { get; set; } = "";
    public bool ImmediateRisk { get; set; }
    /// <summary>Whom it was sent to (Entra object ids of the Designated Safeguarding Leads, or the managers as a fallback).</summary>
    public List<string> SentTo { get; set; } = new();
    /// <summary>Kept at least until this date (Safeguarding:ConcernKeepUntilAge: the youngest pupil's 25th birthday by default). The bot never deletes a concern.</summary>
    public DateOnly KeepUntil { get; set; }

    public string Reference => ConcernReference.Of(Id);
}

/// <summary>"C-12" and back.</summary>
public static class ConcernReference
{
    public static string Of(long id) => $"C-{id}";

    /// <summary>12 from "12", "C-12", "c12", "#12"; null otherwise.</summary>
    public static long? Parse(string? text)
    {
        var t = (text ?? "").Trim().TrimStart('#');
        if (t.StartsWith("C-", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        else if (t.StartsWith('C') || t.StartsWith('c')) t = t[1..];
        return long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }
}

public enum ConcernEntryKind
{
    /// <summary>The DSL has seen it and taken it on.</summary>
    Acknowledged,
    /// <summary>Further information, or an action taken (call to the school, referral made).</summary>
    Note,
    /// <summary>The outcome; the concern is closed. Notes may still be added afterwards (late information), it stays closed.</summary>
    Closed,
}

/// <summary>One dated line added to a concern by a named person. Written once, never changed or deleted.</summary>
public sealed class ConcernEntry
{
    public long Id { get; set; }
    public long ConcernId { get; set; }
    public DateTimeOffset At { get; set; }
    public string ById { get; set; } = "";
    public string ByName { get; set; } = "";
    public ConcernEntryKind Kind { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>A concern with its entries, oldest first, and where it stands.</summary>
public sealed record ConcernFile(Concern Concern, IReadOnlyList<ConcernEntry> Entries)
{
    public bool IsClosed => Entries.Any(e => e.Kind == ConcernEntryKind.Closed);
    public ConcernEntry? Acknowledgement => Entries.FirstOrDefault(e => e.Kind == ConcernEntryKind.Acknowledged);

    public string StatusText => IsClosed ? "Closed"
        : Acknowledgement is { } ack ? $"Open, acknowledged by {ack.ByName}"
        : "Open, not yet acknowledged";
}
