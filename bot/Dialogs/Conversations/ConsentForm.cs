using System.Globalization;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>A returned consent form being typed in, field by field (plain JSON between turns).</summary>
public sealed class ConsentDraft
{
    public string PupilId { get; set; } = "";
    public string? GuardianId { get; set; }
    public ConsentKind? Kind { get; set; }
    /// <summary>Annual consents: the academic year's first calendar year (2026 = 2026/27).</summary>
    public int? AcademicYearStart { get; set; }
    /// <summary>Session consents: the session it is for.</summary>
    public string? SessionId { get; set; }
    /// <summary>What it covers, in the import file's words ("participation;recording;group").</summary>
    public string? Covers { get; set; }
    /// <summary>The date on the form, yyyy-MM-dd.</summary>
    public string? GivenOn { get; set; }
    public string? Evidence { get; set; }
}

/// <summary>
/// Asks for each part of a consent form: which of the pupil's own guardians signed it (only those are
/// offered), annual or for one session, the academic year or the session, what it covers, the date on
/// the form and its reference. The same rules as the CSV import then check it (<see cref="RecordConsentDialog"/>).
/// </summary>
public sealed class ConsentForm : FormDialog<ConsentDraft>
{
    public const string Name = "consent.form";

    /// <summary>What a form can cover, as offered (the import's "covers" words → what staff read).</summary>
    public static readonly IReadOnlyList<Choice> CoverChoices =
    [
        new Choice("participation;recording;group", "Taking part, recording and group sessions", "all", "everything"),
        new Choice("participation;recording", "Taking part and recording (not group sessions)"),
        new Choice("participation;group", "Taking part and group sessions (not recording)"),
        new Choice("participation", "Taking part only"),
    ];

    private readonly SafeguardingRecords _records;
    private readonly SessionQueries _sessions;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;
    private readonly SessionChoices _sessionChoices;
    private readonly IReadOnlyList<FormSlot<ConsentDraft>> _slots;

    public ConsentForm(SafeguardingRecords records, SessionQueries sessions, OrgCalendar calendar, TimeProvider clock, SessionChoices sessionChoices) : base(Name)
    {
        _sessionChoices = sessionChoices;
        _records = records;
        _sessions = sessions;
        _calendar = calendar;
        _clock = clock;
        _slots =
        [
            FormSlot<ConsentDraft>.OfAsync<string>("guardian", d => d.GuardianId is null, AskGuardianAsync, (dc, d, id) => { d.GuardianId = id; return Task.FromResult<string?>(null); }),
            FormSlot<ConsentDraft>.OfAsync<string>("kind", d => d.Kind is null, (dc, d) => Task.FromResult(AskKind(dc, d)), AcceptKindAsync),
            FormSlot<ConsentDraft>.Of<string>("year", d => d.Kind == ConsentKind.Annual && d.AcademicYearStart is null, AskYear,
                (dc, d, year) => { d.AcademicYearStart = int.Parse(year, CultureInfo.InvariantCulture); return null; }),
            FormSlot<ConsentDraft>.OfAsync<string>("session", d => d.Kind == ConsentKind.Session && d.SessionId is null, AskSessionAsync, (dc, d, id) => { d.SessionId = id; return Task.FromResult<string?>(null); }),
            FormSlot<ConsentDraft>.Of<string>("covers", d => d.Covers is null, AskCovers, (dc, d, covers) => { d.Covers = covers; return null; }),
            FormSlot<ConsentDraft>.Of<DateOnly>("givenOn", d => d.GivenOn is null,
                (dc, d) => new SlotQuestion(FormDatePrompt.Name, new PromptOptions { Text = "What date is written on the form (when it was signed)?" }),
                (dc, d, date) => { d.GivenOn = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); return null; }),
            FormSlot<ConsentDraft>.Of<string>("evidence", d => d.Evidence is null,
                (dc, d) => new SlotQuestion(StandardPrompts.Text, new PromptOptions
                {
                    Text = "What's the form's reference, or where is the signed form kept? For example \"FORM-2026-001\".",
                    FreeText = true,
                }),
                (dc, d, text) => { d.Evidence = text.Trim(); return null; }),
        ];
    }

    protected override IReadOnlyList<FormSlot<ConsentDraft>> Slots => _slots;

    public static string GuardianTitle(Guardian g) => string.IsNullOrWhiteSpace(g.Relationship) ? g.Name : $"{g.Name} ({g.Relationship})";

    private async Task<SlotQuestion> AskGuardianAsync(DialogContext dc, ConsentDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = "Which parent/guardian signed the form?",
        Help = "Only the pupil's recorded parents/guardians can give consent (P4). To add one, ask a CHEXS manager to send me the updated pupils list.",
        Choices = (await _records.GuardiansOfAsync(d.PupilId)).Select(g => new Choice(g.Id, GuardianTitle(g), g.Name)).ToList(),
    });

    private static SlotQuestion AskKind(DialogContext dc, ConsentDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = "Is it an annual consent (a whole school year) or for one session?",
        Choices = [new Choice("annual", "Annual (a school year)", "year", "yearly"), new Choice("session", "One session", "single")],
    });

    private async Task<string?> AcceptKindAsync(DialogContext dc, ConsentDraft d, string kind)
    {
        if (kind == "session" && (await _sessions.UpcomingForPupilAsync(d.PupilId)).Count == 0)
        {
            return "This pupil has no upcoming session to attach a one-session consent to. Choose annual, or book the session first.";
        }
        d.Kind = kind == "session" ? ConsentKind.Session : ConsentKind.Annual;
        return null;
    }

    private SlotQuestion AskYear(DialogContext dc, ConsentDraft d)
    {
        var current = _calendar.AcademicYearOf(_calendar.LocalDate(_clock.GetUtcNow()));
        return new SlotQuestion(StandardPrompts.Choice, new ChoicePromptOptions
        {
            Text = "Which school year does it cover (1 September to 31 August)?",
            Choices = new[] { current, current + 1 }
                .Select(y => new Choice(y.ToString(CultureInfo.InvariantCulture), OrgCalendar.AcademicYearLabel(y), $"{y}/{y + 1}", $"{y}-{(y + 1) % 100:00}"))
                .ToList(),
        });
    }

    private async Task<SlotQuestion> AskSessionAsync(DialogContext dc, ConsentDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = "Which session is it for?",
        Choices = await _sessionChoices.ForAsync(await _sessions.UpcomingForPupilAsync(d.PupilId)),
    });

    private static SlotQuestion AskCovers(DialogContext dc, ConsentDraft d) => new(StandardPrompts.Choice, new ChoicePromptOptions
    {
        Text = "What does the form agree to?",
        Help = "Every session is recorded (P5), so a consent without recording can't be used to book. Group sessions need consent to group sessions (P10).",
        Choices = CoverChoices.ToList(),
    });
}
