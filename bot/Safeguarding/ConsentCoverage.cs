using Chexs.Bot.Records;

namespace Chexs.Bot.Safeguarding;

/// <summary>
/// P4: which of a pupil's consents cover a session, and, when none does, the most useful reason why.
/// A consent covers a session when it is for this pupil, given by one of their recorded
/// parents/guardians, for the academic year containing the session's local date (annual) or for
/// this very session (session consent), given on or before the session date, not withdrawn before
/// the session starts, and it covers taking part.
/// </summary>
public sealed class ConsentCoverage
{
    private ConsentCoverage(IReadOnlyList<Consent> covering, string? whyNone, string? fix)
    {
        Covering = covering;
        WhyNone = whyNone;
        Fix = fix;
    }

    public IReadOnlyList<Consent> Covering { get; }
    public bool Covered => Covering.Count > 0;
    /// <summary>Everything the covering consents allow between them.</summary>
    public ConsentScope Scope => Covering.Aggregate(ConsentScope.None, (s, c) => s | c.Covers);
    /// <summary>When nothing covers: the reason, as the end of a sentence ("the 2025/26 annual consent ended on 31 Aug 2026").</summary>
    public string? WhyNone { get; }
    public string? Fix { get; }

    private const string RecordNew = "Record a new consent with `record consent` once the form is back.";

    public static ConsentCoverage For(Pupil pupil, IEnumerable<Consent> consents, ISet<string> guardianIds,
        string? sessionId, DateTimeOffset start, OrgCalendar calendar)
    {
        var date = calendar.LocalDate(start);
        var year = calendar.AcademicYearOf(date);
        var mine = consents.Where(c => c.PupilId == pupil.Id).ToList();

        bool ForThisSession(Consent c) => c.Kind switch
        {
            ConsentKind.Annual => c.AcademicYearStart == year,
            ConsentKind.Session => sessionId is not null && c.SessionId == sessionId,
            _ => false,
        };
        bool ByGuardian(Consent c) => guardianIds.Contains(c.GuardianId);
        bool GivenInTime(Consent c) => c.GivenOn <= date;
        // "A withdrawn consent covers nothing from the moment of withdrawal."
        bool InForce(Consent c) => c.Withdrawal is null || c.Withdrawal.At > start;
        bool TakingPart(Consent c) => c.Covers.HasFlag(ConsentScope.Participation);

        var covering = mine.Where(c => ForThisSession(c) && ByGuardian(c) && GivenInTime(c) && InForce(c) && TakingPart(c)).ToList();
        if (covering.Count > 0) return new ConsentCoverage(covering, null, null);

        // Nothing covers: explain with the consent that came closest, most telling reason first.
        var matching = mine.Where(ForThisSession).ToList();
        if (matching.FirstOrDefault(c => !InForce(c)) is { } withdrawn)
            return None($"the {Label(withdrawn)} consent was withdrawn on {OrgCalendar.FormatShortDate(calendar.LocalDate(withdrawn.Withdrawal!.At))}",
                "Only a new consent form from their parent/guardian can cover it; record it with `record consent` if one comes back.");
        if (matching.FirstOrDefault(c => !GivenInTime(c)) is { } late)
            return None($"the {Label(late)} consent is dated {OrgCalendar.FormatShortDate(late.GivenOn)}, after the session date",
                "Check the date on the form, or move the session to on or after that date.");
        if (matching.FirstOrDefault(c => !ByGuardian(c)) is { } stranger)
            return None($"the {Label(stranger)} consent was given by someone not recorded as their parent/guardian",
                "Record consent from a recorded parent or guardian, or ask a CHEXS manager to send me the updated pupils list with that person as their guardian.");
        if (matching.FirstOrDefault(c => !TakingPart(c)) is { } partial)
            return None($"the {Label(partial)} consent does not cover taking part", RecordNew);

        var earlier = mine.Where(c => c.Kind == ConsentKind.Annual && c.AcademicYearStart < year).MaxBy(c => c.AcademicYearStart);
        if (earlier is not null)
            return None($"the {Label(earlier)} consent ended on {OrgCalendar.FormatShortDate(calendar.AcademicYearLastDay(earlier.AcademicYearStart!.Value))}", RecordNew);
        var later = mine.Where(c => c.Kind == ConsentKind.Annual && c.AcademicYearStart > year).MinBy(c => c.AcademicYearStart);
        if (later is not null)
            return None($"the {Label(later)} consent only starts on {OrgCalendar.FormatShortDate(calendar.AcademicYearFirstDay(later.AcademicYearStart!.Value))}", RecordNew);
        var otherSession = mine.FirstOrDefault(c => c.Kind == ConsentKind.Session);
        if (otherSession is not null)
            return None($"their only consent is for another session ({otherSession.SessionId})",
                "Record an annual consent, or a consent for this session, with `record consent` once the form is back.");
        return None("there is no consent on record for them", RecordNew);

        static ConsentCoverage None(string why, string fix) => new(Array.Empty<Consent>(), why, fix);
    }

    /// <summary>"2026/27 annual" or "session S-7K3Q9"; used inside sentences.</summary>
    public static string Label(Consent c) => c.Kind == ConsentKind.Annual && c.AcademicYearStart is { } y
        ? OrgCalendar.AcademicYearLabel(y) + " annual"
        : $"session {c.SessionId}";
}
