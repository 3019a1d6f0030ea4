using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Sessions;

/// <summary>
/// Stores a group session as a request and asks the approver (P10): the requester's line manager when
/// that person is a manager who is neither host nor requester, else the managers' channel.
/// </summary>
public sealed class ApprovalRequests
{
    private readonly ISessionRepository _sessions;
    private readonly IBookingSeriesRepository _series;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly StaffNotices _notices;
    private readonly IStaffDirectory _directory;
    private readonly SessionCards _cards;
    private readonly TimeProvider _clock;
    private readonly ILogger<ApprovalRequests> _log;

    public ApprovalRequests(ISessionRepository sessions, IBookingSeriesRepository series, IStoreTransactions transactions, IAuditTrail audit, StaffNotices notices,
        IStaffDirectory directory, SessionCards cards, TimeProvider clock, ILogger<ApprovalRequests> log)
    {
        _sessions = sessions;
        _series = series;
        _transactions = transactions;
        _audit = audit;
        _notices = notices;
        _directory = directory;
        _cards = cards;
        _clock = clock;
        _log = log;
    }

    public async Task<BookingOutcome> RequestAsync(Session draft, PolicyVerdict verdict, CancellationToken ct)
    {
        var approver = await ApproverAsync(draft, ct);
        var session = draft.Copy();
        session.AwaitApproval();
        // Rendered before the transaction: it only reads, and the transaction stays short.
        // To a line manager: their own 1:1 chat, so pupils in full with age and year; to the managers' channel: initials (G6).
        var card = (await _cards.ApprovalRequestAsync(session, verdict, inPrivateChat: approver is not null, ct)).ToString(Newtonsoft.Json.Formatting.None);
        await _transactions.RunAsync(async () =>
        {
            await _sessions.InsertAsync(session, ct);
            await _notices.EnqueueAsync(approver?.Id ?? StaffNotice.Managers, $"Approval needed: group session {session.Id}", new[] { session.Id }, card, ct);
            await _audit.AppendAsync(_clock.GetUtcNow(), session.CreatedBy, "session.approval_requested", new[] { session.Id }.Concat(session.PupilIds),
                $"Group session sent for approval to {(approver is { } m ? m.Name : "the managers' channel")} (P10)", ct);
        }, ct);
        return new BookingOutcome.AwaitingApproval(session, approver?.Name ?? "the managers' channel");
    }

    /// <summary>
    /// A group series: every date stored as a request and ONE approval asked for, on a card that lists the dates
    /// (P10). The card carries the first date's session id; deciding it decides the whole series.
    /// </summary>
    public async Task<SeriesOutcome> RequestSeriesAsync(BookingSeries series, IReadOnlyList<Session> drafts, SeriesVerdict verdict, CancellationToken ct)
    {
        var approver = await ApproverAsync(drafts[0], ct);
        var sessions = drafts.Select(d =>
        {
            var s = d.Copy();
            s.AwaitApproval();
            return s;
        }).ToList();
        var card = (await _cards.SeriesApprovalRequestAsync(series, sessions, verdict, inPrivateChat: approver is not null, ct)).ToString(Newtonsoft.Json.Formatting.None);
        await _transactions.RunAsync(async () =>
        {
            foreach (var s in sessions) await _sessions.InsertAsync(s, ct);
            await _series.InsertAsync(series, ct);
            await _notices.EnqueueAsync(approver?.Id ?? StaffNotice.Managers, $"Approval needed: group series {series.Id} ({sessions.Count} dates)",
                new[] { series.Id }.Concat(sessions.Select(s => s.Id)), card, ct);
            await _audit.AppendAsync(_clock.GetUtcNow(), series.CreatedBy, "series.approval_requested", new[] { series.Id }.Concat(sessions.Select(s => s.Id)).Concat(sessions[0].PupilIds),
                $"Group series of {sessions.Count} date(s) sent for approval to {(approver is { } m ? m.Name : "the managers' channel")} (P10)", ct);
        }, ct);
        return new SeriesOutcome.AwaitingApproval(series, sessions, approver?.Name ?? "the managers' channel");
    }

    private async Task<(string Id, string Name)?> ApproverAsync(Session session, CancellationToken ct)
    {
        (string Id, string Name)? lineManager;
        try
        {
            lineManager = await _directory.GetLineManagerAsync(session.CreatedBy, ct);
        }
        catch (StaffDirectoryUnavailableException e)
        {
            _log.LogWarning(e, "Line manager lookup failed; sending the approval request to the managers' channel");
            return null;
        }
        // Nobody approves their own booking, so a line manager who hosts or asked goes to the managers instead.
        return lineManager is { } lm && (lm.Id == session.HostId || lm.Id == session.CreatedBy) ? null : lineManager;
    }
}
