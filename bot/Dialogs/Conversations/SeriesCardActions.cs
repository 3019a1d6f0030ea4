using Chexs.Bot.CardActions;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// "Cancel the rest of the series" on the my-sessions card: first "are you sure?" listing the remaining dates, then
/// every remaining date cancelled (<see cref="CancelSeries"/>) and the refreshed list saying so. Only the series'
/// host or a manager may, checked on every click. One date is cancelled with its own Cancel button.
/// </summary>
public sealed class SeriesCardActions : ICardActionHandler
{
    private readonly CancelSeries _cancel;
    private readonly IStaffDirectory _directory;
    private readonly MySessionsCard _list;
    private readonly MySeriesEntries _entries;

    public SeriesCardActions(CancelSeries cancel, IStaffDirectory directory, MySessionsCard list, MySeriesEntries entries)
    {
        _cancel = cancel;
        _directory = directory;
        _list = list;
        _entries = entries;
    }

    public IEnumerable<string> Verbs => [MySeriesEntries.CancelRest];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        var id = (string?)context.Data["seriesId"] ?? "";
        StaffRole? role;
        try
        {
            role = await _directory.GetRoleAsync(context.UserAadObjectId, ct);
        }
        catch (StaffDirectoryUnavailableException)
        {
            return CardActionResult.Say("I couldn't check your role just now, so nothing was changed. Please try again in a minute.");
        }
        var series = await _cancel.FindAsync(id, ct);
        if (series is null)
        {
            return CardActionResult.Say($"I can't find series {id}. Type \"my sessions\" to see yours.");
        }
        if (series.HostId != context.UserAadObjectId && role != StaffRole.Manager)
        {
            return CardActionResult.Say($"Only the series' host or a manager can cancel series {id}. Nothing was changed.");
        }
        var fullNames = context.ConversationType == "personal";
        var step = (string?)context.Data[SessionActionCards.StepField];
        var remaining = await _cancel.RemainingAsync(id, ct);
        if (step == SessionActionCards.Keep || remaining.Count == 0)
        {
            var notice = remaining.Count == 0 ? $"Series {id} has no dates left to cancel, so nothing changed." : $"Nothing was changed: series {id} stays as it was.";
            return new CardActionResult(await _list.ForAsync(context.UserAadObjectId, fullNames, notice, ct), notice);
        }
        if (step != SessionActionCards.Confirm)
        {
            return new CardActionResult(_entries.ConfirmCancelRest(id, remaining));
        }
        var typed = ((string?)context.Data["reason"])?.Trim();
        var reason = string.IsNullOrEmpty(typed) ? $"Rest of series {id} cancelled by {context.UserName} in Teams" : typed;
        var cancelled = await _cancel.CancelRestAsync(id, context.UserAadObjectId, reason, ct);
        var told = cancelled.Any(s => s.Status == SessionStatus.Scheduled) ? " The guardians will be told about each date and the Zoom meetings deleted." : "";
        var done = cancelled.Count == 0
            ? $"Series {id} had no dates left to cancel, so nothing changed."
            : $"Cancelled the rest of series {id}: {cancelled.Count} date{(cancelled.Count == 1 ? "" : "s")} ({string.Join(", ", cancelled.Select(s => s.Id))}).{told}";
        return new CardActionResult(await _list.ForAsync(context.UserAadObjectId, fullNames, done, ct), done);
    }
}
