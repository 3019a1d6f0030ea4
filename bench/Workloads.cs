using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Bench;

/// <summary>What one simulated staff member does, over and over, in their conversation.</summary>
public interface IWorkload
{
    string Name { get; }
    /// <summary>One line for docs/benchmarks.md: which turns one run of the script makes.</summary>
    string Description { get; }
    Task RunOnceAsync(Conversation c, CancellationToken ct);
}

/// <summary>
/// The turn path that exists while the booking dialogs are on another branch: "help" (the help card,
/// rendered and signed) then a line the bot does not understand (a plain text answer). Both go through
/// the whole pipeline: Kestrel, the activity check, CloudAdapter, ChexsBot, ConversationState and
/// UserState in LiteDB, and the personal-chat installation record.
/// </summary>
public sealed class HelpAndUnknownTextWorkload : IWorkload
{
    private readonly bool _expectCard;

    /// <param name="expectCard">True for the CHEXS bot (the help reply must be an Adaptive Card); false for the echo bot.</param>
    public HelpAndUnknownTextWorkload(bool expectCard) => _expectCard = expectCard;

    public string Name => "help + unknown text";
    public string Description => "2 turns per run: \"help\" (help card) and \"what's on today\" (the bot's 'didn't catch that' answer)";

    public async Task RunOnceAsync(Conversation c, CancellationToken ct)
    {
        var help = await c.SayAsync("help", ct);
        if (help.Count == 0 || (_expectCard && !HasCard(help)))
        {
            c.Unexpected($"'help' got {help.Count} replies without a card");
        }
        var other = await c.SayAsync("what's on today", ct);
        if (other.Count == 0 || other.Any(a => (string?)a["text"] == Teams.ChexsAdapter.ErrorMessage))
        {
            c.Unexpected("'what's on today' got no answer or the error message");
        }
    }

    private static bool HasCard(JArray replies) =>
        replies.Any(a => a["attachments"] is JArray atts && atts.Any(x => (string?)x["contentType"] == "application/vnd.microsoft.card.adaptive"));
}

/// <summary>
/// The booking the issue asks to measure, for when the booking dialogs land: one line naming
/// everything ("book session growth with Sam Patel 14/12/2026 16:00 for 45 min"), then a click on
/// Confirm on the summary card the bot answers with (the card's own signed data is sent back, as
/// Teams does). Each run takes the next free 10-minute slot (06:00–23:50, away from the clock-change hour),
/// so no two bookings overlap (D1) and thousands fit before the sample consents' academic year ends (P4).
/// </summary>
public sealed class BookingWorkload : IWorkload
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly DateOnly _firstDay;
    private int _nextSlot = -1;

    public BookingWorkload(DateTimeOffset now, int firstDayOffset = 2)
    {
        _firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).Date).AddDays(firstDayOffset);
    }

    public string Name => "booking dialog";
    public string Description => "2 turns per run: the booking line, then the Confirm click (adaptiveCard/action) on the summary card";

    /// <summary>12 hour slots a day, 08:00–19:00, from two days ahead.</summary>
    public string NextLine()
    {
        const int SlotsPerDay = 108; // 06:00 to 23:50 in 10-minute steps
        var slot = Interlocked.Increment(ref _nextSlot);
        var day = _firstDay.AddDays(slot / SlotsPerDay);
        var minutes = 6 * 60 + slot % SlotsPerDay * 10;
        return $"book session growth with Sam Patel {day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} {minutes / 60:00}:{minutes % 60:00} for 10 min";
    }

    public async Task RunOnceAsync(Conversation c, CancellationToken ct)
    {
        var replies = await c.SayAsync(NextLine(), ct);
        var confirm = Activities.ActionData(replies, Cards.CardVerbs.BookingConfirm);
        if (confirm is null)
        {
            c.Unexpected("the booking line got no summary card with Confirm");
            return;
        }
        var cardId = replies.Select(r => (string?)r["id"]).FirstOrDefault(id => !string.IsNullOrEmpty(id)) ?? "bench-summary-card";
        var response = await c.ClickAsync(Cards.CardVerbs.BookingConfirm, confirm, cardId, ct);
        if (response is null || (int?)response["statusCode"] is not (null or 200))
        {
            c.Unexpected($"Confirm answered {response?.ToString(Newtonsoft.Json.Formatting.None) ?? "nothing"}");
        }
    }

    /// <summary>True when the bot answers a booking line with a summary card that has Confirm (the dialogs are merged).</summary>
    public async Task<bool> IsAvailableAsync(Conversation probe, CancellationToken ct)
    {
        var replies = await probe.SayAsync(NextLine(), ct);
        return Activities.ActionData(replies, Cards.CardVerbs.BookingConfirm) is not null;
    }
}
