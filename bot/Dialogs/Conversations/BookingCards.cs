using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Cards;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The booking-summary and booking-blocked cards (data contracts in cards/samples). Both are for the
/// staff member's 1:1 chat, so they name pupils in full unless told otherwise.
/// </summary>
public sealed class BookingCards
{
    private readonly CardTemplates _cards;
    private readonly SafeguardingOptions _policy;
    private readonly PupilPicker _pupils;

    public BookingCards(CardTemplates cards, SafeguardingOptions policy, PupilPicker pupils)
    {
        _cards = cards;
        _policy = policy;
        _pupils = pupils;
    }

    public TimeZoneInfo Zone => _policy.Zone;

    public string WhenText(DateTimeOffset start, int minutes) => LocalTimes.Describe(start, minutes, _policy.Zone);

    public static string KindText(SessionKind kind, int pupils) => kind == SessionKind.Group ? $"Group of {pupils}" : "One-to-one";

    /// <param name="approverText">Who will be asked (P10), e.g. "your line manager, Morgan Manager"; used when approval is needed.</param>
    public async Task<JObject> SummaryAsync(BookingDraft draft, PolicyVerdict verdict, string approverText, CancellationToken ct = default)
    {
        var under14 = new List<string>();
        foreach (var id in verdict.Findings.Where(f => f.RuleId == RuleCatalogue.AdultPresence.Id && f.PupilId is not null).Select(f => f.PupilId!).Distinct())
        {
            under14.Add(await _pupils.FullNameAsync(id, ct));
        }
        var participants = new JArray();
        foreach (var id in draft.PupilIds) participants.Add(new JObject { ["name"] = await _pupils.DescribedAsync(id, ct) });
        // P15 is not repeated on every summary: it has its own once-a-day banner (PolicyReviewNotice) and the policy card.
        var notes = verdict.Notes.Where(f => f.RuleId != RuleCatalogue.AdultPresence.Id && f.RuleId != RuleCatalogue.PolicyReview.Id)
            .Select(f => new JObject
            {
                ["ruleId"] = f.RuleId,
                ["message"] = f.TextFor(Audience.Personal),
                ["severity"] = "info",
            });
        var data = new JObject
        {
            ["draftId"] = draft.SessionId,
            ["programme"] = draft.Programme!.Value.Display(),
            ["whenText"] = WhenText(draft.Start!.Value, draft.Minutes!.Value),
            ["lengthText"] = SessionCards.LengthText(draft.Minutes.Value),
            ["kind"] = KindText(draft.EffectiveKind, draft.PupilIds.Count),
            ["participants"] = participants,
            ["understood"] = Understood(draft.UnderstoodTexts),
            ["hasUnder14"] = under14.Count > 0,
            ["needsApproval"] = verdict.Outcome == PolicyOutcome.NeedsApproval,
            ["findings"] = new JArray(notes),
        };
        if (under14.Count > 0) data["under14Names"] = PupilPicker.NaturalList(under14);
        if (verdict.Outcome == PolicyOutcome.NeedsApproval) data["approverText"] = approverText;
        return _cards.Render(CardNames.BookingSummary, data);
    }

    /// <summary>Each blocking finding with its rule id, the problem and what would fix it.</summary>
    /// <param name="fullNames">True in the staff member's 1:1 chat; elsewhere pupils appear by initials (G6).</param>
    /// <param name="moving">True when an existing session was being moved rather than booked (changes the wording only).</param>
    /// <param name="participants">Who was picked, as shown in the 1:1 chat ("Sam Patel (Growth, 15)").</param>
    /// <param name="understood">What the bot read into the typed words ("I took 'Lilly Evens' as Lily Evans (Growth, 12)").</param>
    public JObject Blocked(Programme? programme, DateTimeOffset start, int minutes, IEnumerable<PolicyFinding> blocks, bool fullNames = true, bool moving = false,
        IEnumerable<string>? participants = null, IEnumerable<string>? understood = null)
    {
        var audience = fullNames ? Audience.Personal : Audience.Shared;
        var findings = blocks.Select(f => new JObject { ["ruleId"] = f.RuleId, ["message"] = f.ProblemFor(audience), ["fix"] = f.FixFor(audience) });
        var data = new JObject
        {
            ["programme"] = programme is { } p && Enum.IsDefined(p) ? p.Display() : "No programme",
            ["whenText"] = WhenText(start, minutes),
            ["findings"] = new JArray(findings),
            ["participants"] = new JArray((participants ?? []).Select(n => new JObject { ["name"] = n })),
            ["understood"] = Understood(understood ?? []),
        };
        var card = _cards.Render(CardNames.BookingBlocked, data);
        if (moving && card["body"] is JArray body)
        {
            body[0]["text"] = "I can't move the session to that time";
            body[2]["text"] = ((string?)body[2]["text"] ?? "").Replace("Nothing has been booked.", "Nothing has been moved.");
        }
        return card;
    }

    private static JArray Understood(IEnumerable<string> notes) => new(notes.Select(n => new JObject { ["text"] = n }));

    /// <summary>The blocked card as a message attachment.</summary>
    public static Microsoft.Bot.Schema.IActivity AsMessage(JObject card, string? text = null) =>
        Microsoft.Bot.Builder.MessageFactory.Attachment(new Microsoft.Bot.Schema.Attachment { ContentType = CardTemplates.ContentType, Content = card }, text);
}
