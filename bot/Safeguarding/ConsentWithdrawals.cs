using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Storage;

namespace Chexs.Bot.Safeguarding;

public enum WithdrawalStatus
{
    Withdrawn,
    AlreadyWithdrawn,
    NotFound,
}

/// <summary>What a withdrawal did: the consent, and the future sessions it cancelled or flagged.</summary>
public sealed record WithdrawalResult(WithdrawalStatus Status, Consent? Consent, IReadOnlyList<Session> Cancelled, IReadOnlyList<Session> Flagged)
{
    public static WithdrawalResult Nothing(WithdrawalStatus status, Consent? consent) => new(status, consent, Array.Empty<Session>(), Array.Empty<Session>());
}

/// <summary>
/// Withdrawing a consent (P4: it covers nothing from the moment of withdrawal). Records the withdrawal,
/// re-judges the pupil's future live sessions, cancels the one-to-ones no longer allowed (through
/// <see cref="ISessionCancellation"/>), flags group sessions for their host to remove the pupil or
/// cancel, tells hosts and managers, and audits — all in one transaction.
/// </summary>
public sealed class ConsentWithdrawals
{
    /// <summary>The rules a withdrawn consent can newly break for its pupil.</summary>
    private static readonly HashSet<string> ConsentRules = new() { RuleCatalogue.Consent.Id, RuleCatalogue.Recording.Id, RuleCatalogue.GroupSessions.Id };

    private readonly IConsentRepository _consents;
    private readonly IPupilRepository _pupils;
    private readonly ISessionRepository _sessions;
    private readonly IStoreTransactions _transactions;
    private readonly IAuditTrail _audit;
    private readonly SafeguardingRecords _records;
    private readonly StaffNotices _notices;
    private readonly ISessionCancellation _cancellation;
    private readonly TimeProvider _clock;

    public ConsentWithdrawals(IConsentRepository consents, IPupilRepository pupils, ISessionRepository sessions, IStoreTransactions transactions,
        IAuditTrail audit, SafeguardingRecords records, StaffNotices notices, ISessionCancellation cancellation, TimeProvider clock)
    {
        _consents = consents;
        _pupils = pupils;
        _sessions = sessions;
        _transactions = transactions;
        _audit = audit;
        _records = records;
        _notices = notices;
        _cancellation = cancellation;
        _clock = clock;
    }

    /// <param name="consentId">The consent being withdrawn.</param>
    /// <param name="by">Who records the withdrawal (Entra object id, or "import:…"/"system").</param>
    /// <param name="reason">Why, as the guardian said it or the form records it.</param>
    /// <param name="at">When it takes effect; sessions starting at or after this instant lose the consent.</param>
    public Task<WithdrawalResult> WithdrawAsync(string consentId, string by, string reason, DateTimeOffset at, CancellationToken ct = default) => _transactions.RunAsync(async () =>
    {
        var consent = await _consents.FindAsync(consentId, ct);
        if (consent is null) return WithdrawalResult.Nothing(WithdrawalStatus.NotFound, null);
        if (consent.IsWithdrawn) return WithdrawalResult.Nothing(WithdrawalStatus.AlreadyWithdrawn, consent);

        var now = _clock.GetUtcNow();
        var calendar = _records.Engine.Calendar;
        consent.Withdrawal = new ConsentWithdrawal { At = at, By = by, Reason = reason };
        await _consents.UpdateAsync(consent, ct);
        var pupil = await _pupils.FindAsync(consent.PupilId, ct);
        var fullName = pupil?.FullName ?? consent.PupilId;
        var initials = pupil?.Initials ?? consent.PupilId;
        var label = ConsentCoverage.Label(consent);
        var when = OrgCalendar.FormatShortDate(calendar.LocalDate(at));

        var cancelled = new List<Session>();
        var flagged = new List<Session>();
        var future = (await _sessions.WithPupilAsync(consent.PupilId, ct))
            .Where(s => s.IsLive && s.Start > now)
            .OrderBy(s => s.Start)
            .ToList();
        foreach (var session in future)
        {
            var verdict = await _records.JudgeAsync(session, ct);
            var broken = verdict.Blocks.Where(f => f.PupilId == consent.PupilId && ConsentRules.Contains(f.RuleId)).ToList();
            if (broken.Count == 0) continue; // another consent still covers them
            session.Verdict = verdict.ToRecord();
            var slot = $"{session.Id} on {calendar.FormatLocal(session.Start)}";
            if (session.Kind == SessionKind.OneToOne)
            {
                var reasonText = string.Join(" ", broken.Select(f => f.RedactedMessage));
                await _cancellation.CancelAsync(session, reasonText, by, ct);
                cancelled.Add(await _sessions.FindAsync(session.Id, ct) ?? session);
                await _notices.EnqueueAsync(session.HostId,
                    $"Consent withdrawn: {fullName}'s {label} consent was withdrawn on {when}, so your one-to-one session {slot} has been cancelled. {broken[0].Message}",
                    new[] { session.Id, consent.Id }, ct: ct);
            }
            else
            {
                session.Flag = $"{string.Join(" ", broken.Select(f => f.RedactedMessage))} Remove {initials} from the session, or cancel it.";
                await _sessions.UpdateAsync(session, ct);
                await _audit.AppendAsync(now, by, "session.flagged", new[] { session.Id, consent.PupilId, consent.Id }, session.Flag, ct);
                flagged.Add(session);
                await _notices.EnqueueAsync(session.HostId,
                    $"Consent withdrawn: {fullName}'s {label} consent was withdrawn on {when}. Your group session {slot} is flagged: {broken[0].Message} Remove {fullName} from the session, or cancel it.",
                    new[] { session.Id, consent.Id }, ct: ct);
            }
        }

        var summary = cancelled.Count + flagged.Count == 0
            ? "no future session affected"
            : string.Join("; ", cancelled.Select(s => $"one-to-one {s.Id} cancelled").Concat(flagged.Select(s => $"group {s.Id} flagged for its host")));
        await _audit.AppendAsync(now, by, "consent.withdrawn", new[] { consent.Id, consent.PupilId }.Concat(cancelled.Concat(flagged).Select(s => s.Id)),
            $"{label} consent for {initials} withdrawn with effect from {calendar.FormatLocal(at)} ({reason}); {summary}.", ct);
        if (cancelled.Count + flagged.Count > 0)
        {
            var lines = cancelled.Select(s => $"one-to-one session {s.Id} on {calendar.FormatLocal(s.Start)} cancelled (P4)")
                .Concat(flagged.Select(s => $"group session {s.Id} on {calendar.FormatLocal(s.Start)} flagged for its host to remove {initials} or cancel"));
            await _notices.EnqueueAsync(StaffNotice.Managers,
                $"Consent withdrawn: the {label} consent for {initials} was withdrawn on {when}. {string.Join("; ", lines)}.",
                new[] { consent.Id }.Concat(cancelled.Concat(flagged).Select(s => s.Id)), ct: ct);
        }
        return new WithdrawalResult(WithdrawalStatus.Withdrawn, consent, cancelled, flagged);
    }, ct);
}
