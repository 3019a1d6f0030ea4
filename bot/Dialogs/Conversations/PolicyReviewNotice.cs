using Chexs.Bot.Cards;
using Chexs.Bot.Safeguarding;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// P15: once the policy's review date has passed, each person is told so once a day — a banner card (a "warning"
/// container, dark text on a pale background in every Teams theme, not coloured text) before the first thing they
/// start that the policy governs (booking, sessions, consents), with a button to the policy card, which says it too.
/// Not on every card, not on every message. The day it was last shown is kept per person in the bot's user state
/// (the bot-state store, on either storage engine), so it holds across chats and restarts.
/// </summary>
public sealed class PolicyReviewNotice
{
    private readonly IStatePropertyAccessor<string> _lastShown;
    private readonly PolicyCard _policy;
    private readonly SafeguardingOptions _options;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;
    private readonly CardTemplates _cards;

    public PolicyReviewNotice(UserState userState, PolicyCard policy, SafeguardingOptions options, OrgCalendar calendar, TimeProvider clock, CardTemplates cards)
    {
        _lastShown = userState.CreateProperty<string>("PolicyReviewShownOn");
        _policy = policy;
        _options = options;
        _calendar = calendar;
        _clock = clock;
        _cards = cards;
    }

    public JObject Banner() => _cards.Render(CardNames.PolicyReview, new JObject
    {
        ["policyVersion"] = _options.PolicyVersion,
        ["reviewDateText"] = _policy.ReviewDateText,
    });

    /// <summary>Sends the banner if the review is overdue and this person has not seen it today (organisation's local date).</summary>
    public async Task WarnIfDueAsync(ITurnContext turn, CancellationToken ct)
    {
        if (!_policy.ReviewOverdue) return;
        var today = _calendar.LocalDate(_clock.GetUtcNow()).ToString("yyyy-MM-dd");
        if (await _lastShown.GetAsync(turn, () => "", ct) == today) return;
        await _lastShown.SetAsync(turn, today, ct);
        var banner = MessageFactory.Attachment(new Attachment { ContentType = CardTemplates.ContentType, Content = Banner() });
        // The notification preview and screen readers get the same words as the card's title.
        banner.Summary = "Policy review overdue (P15)";
        await turn.SendActivityAsync(banner, ct);
    }
}
