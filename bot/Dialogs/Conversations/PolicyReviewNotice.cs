using Chexs.Bot.Safeguarding;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// P15: once the policy's review date has passed, staff are told so — once a day in each conversation,
/// when they start something the policy governs (booking, sessions, consents), not on every message.
/// The date of the last warning is kept in the conversation's state.
/// </summary>
public sealed class PolicyReviewNotice
{
    private readonly IStatePropertyAccessor<string> _lastWarned;
    private readonly PolicyCard _policy;
    private readonly SafeguardingOptions _options;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;

    public PolicyReviewNotice(ConversationState conversationState, PolicyCard policy, SafeguardingOptions options, OrgCalendar calendar, TimeProvider clock)
    {
        _lastWarned = conversationState.CreateProperty<string>("PolicyReviewWarnedOn");
        _policy = policy;
        _options = options;
        _calendar = calendar;
        _clock = clock;
    }

    public string Text =>
        $"Please note (P15): the policy I enforce ({_options.PolicyVersion}) was due for review on {_policy.ReviewDateText}. " +
        "Bookings still go ahead under it; managers should review it and update the review date. Type \"policy\" to see the rules.";

    public async Task WarnIfDueAsync(ITurnContext turn, CancellationToken ct)
    {
        if (!_policy.ReviewOverdue) return;
        var today = _calendar.LocalDate(_clock.GetUtcNow()).ToString("yyyy-MM-dd");
        if (await _lastWarned.GetAsync(turn, () => "", ct) == today) return;
        await _lastWarned.SetAsync(turn, today, ct);
        await turn.SendActivityAsync(MessageFactory.Text(Text), ct);
    }
}
