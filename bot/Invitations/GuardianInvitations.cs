using System.Text;
using Chexs.Bot.Graph;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Invitations;

/// <summary>A guardian who will not be emailed about a pupil, and why (for the person booking).</summary>
public sealed record SkippedGuardian(string PupilId, string PupilInitials, string GuardianId, string GuardianName, string Reason);

/// <summary>What <see cref="GuardianInvitations.Enqueue"/> did.</summary>
public sealed record InvitationBatch(
    IReadOnlyList<GuardianEmailRow> Queued,
    IReadOnlyList<SkippedGuardian> Skipped,
    IReadOnlyList<string> PupilsWithoutGuardianEmail)
{
    /// <summary>Every pupil in the session has at least one guardian who will hear about this change.</summary>
    public bool EveryPupilCovered => PupilsWithoutGuardianEmail.Count == 0;
}

/// <summary>
/// The guardian-email outbox. <see cref="EnqueueAsync"/> only writes outbox rows, so call it inside the
/// booking's <see cref="IStoreTransactions.RunAsync{T}"/>: the session, its emails and the audit entry
/// land together or not at all. <see cref="GuardianEmailWorker"/> sends them afterwards.
/// </summary>
public sealed class GuardianInvitations
{
    private readonly IGuardianEmailOutbox _outbox;
    private readonly IPupilRepository _pupils;
    private readonly IGuardianRepository _guardians;
    private readonly IStoreTransactions _transactions;
    private readonly InvitationComposer _composer;
    private readonly SeriesInvitationComposer _seriesComposer;
    private readonly TimeProvider _clock;
    private readonly string _fromMailbox;
    private readonly TimeZoneInfo _zone;

    /// <param name="graph">Where the emails come from (Graph:SharedMailbox); without it, the offline default.</param>
    /// <param name="safeguarding">The organisation's time zone, for the calendar part; without it, Europe/London.</param>
    public GuardianInvitations(IGuardianEmailOutbox outbox, IPupilRepository pupils, IGuardianRepository guardians, IStoreTransactions transactions,
        InvitationComposer composer, TimeProvider clock, IOptions<GraphOptions>? graph = null, IOptions<SafeguardingOptions>? safeguarding = null)
    {
        _seriesComposer = new SeriesInvitationComposer(composer);
        _outbox = outbox;
        _pupils = pupils;
        _guardians = guardians;
        _transactions = transactions;
        _composer = composer;
        _clock = clock;
        _fromMailbox = graph?.Value.SharedMailbox is { Length: > 0 } mailbox ? mailbox : PickupFolderMailSender.DefaultMailbox;
        _zone = (safeguarding?.Value ?? new SafeguardingOptions()).Zone;
    }

    /// <summary>Wakes the sending worker; the worker also polls every Graph:OutboxPollSeconds.</summary>
    public Outbox.OutboxWakeup Wakeup { get; } = new();

    /// <summary>
    /// Queues one email per (pupil, linked guardian) of <paramref name="session"/>. Guardians come only from
    /// records linked both ways (P3); anyone else is skipped and reported. Rules that keep guardians from
    /// getting confusing or duplicate mail:
    /// an invitation already sent (or being sent) to a guardian is not queued again; an email still waiting
    /// and never tried is replaced by the newer one; a reschedule for a guardian who never got the
    /// invitation becomes the invitation (with the new time); a cancellation for such a guardian is not sent.
    /// </summary>
    /// <param name="previous">For <see cref="InvitationKind.Rescheduled"/>: the session as it was before the change.</param>
    public Task<InvitationBatch> EnqueueAsync(Session session, InvitationKind kind, Session? previous = null, CancellationToken ct = default)
    {
        // One SEQUENCE for this change, above every email about the session so far (kept in the outbox, so it keeps
        // growing across restarts): calendars apply an update only when its sequence is higher. Read inside the transaction.
        int? sequence = null;
        return ForEachRecipientAsync(session.PupilIds, async (pupil, guardian, now) =>
        {
            sequence ??= await NextCalendarSequenceAsync(session.Id, ct);
            return await QueueForAsync(session, pupil, guardian, kind, previous, now, sequence.Value, ct);
        }, ct);
    }

    /// <summary>
    /// A series just booked: one e-mail per (pupil, linked guardian) listing every date with its join details and the
    /// dates skipped (<see cref="SeriesInvitationComposer"/>), with one recurring calendar entry (RRULE, EXDATEs for the
    /// skipped dates), filed under the series' reference. Later e-mails about one date (moved, cancelled) are filed under
    /// that date's session and know the guardian already has the series e-mail.
    /// </summary>
    public Task<InvitationBatch> EnqueueSeriesAsync(BookingSeries series, IReadOnlyList<Session> sessions, CancellationToken ct = default)
    {
        int? sequence = null;
        return ForEachRecipientAsync(sessions.SelectMany(s => s.PupilIds), async (pupil, guardian, now) =>
        {
            sequence ??= await NextCalendarSequenceAsync(series.Id, ct);
            var email = _seriesComposer.Compose(series, sessions, pupil, guardian);
            email = email with { Calendar = _seriesComposer.CalendarFor(series, sessions, pupil, guardian, email, sequence.Value, now, _fromMailbox) };
            var row = NewRow(InvitationKind.Invitation, series.Id, series.HostId, pupil, guardian, _seriesComposer.When(series, sessions), email, sequence.Value, now);
            await _outbox.InsertAsync(row, ct);
            return row;
        }, ct);
    }

    /// <summary>Queues, for each pupil, what <paramref name="queue"/> makes for each guardian allowed their details (P3); reports the rest.</summary>
    private async Task<InvitationBatch> ForEachRecipientAsync(IEnumerable<string> pupilIds, Func<Pupil, Guardian, DateTimeOffset, Task<GuardianEmailRow?>> queue, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var queued = new List<GuardianEmailRow>();
        var skipped = new List<SkippedGuardian>();
        var uncovered = new List<string>();

        await _transactions.RunAsync(async () =>
        {
            foreach (var pupilId in pupilIds.Distinct(StringComparer.Ordinal))
            {
                var pupil = await _pupils.FindAsync(pupilId, ct);
                if (pupil is null)
                {
                    skipped.Add(new(pupilId, "?", "", "", "there is no pupil record with this id"));
                    uncovered.Add(pupilId);
                    continue;
                }

                var covered = false;
                foreach (var missingId in pupil.GuardianIds)
                {
                    if (await _guardians.FindAsync(missingId, ct) is null)
                        skipped.Add(new(pupil.Id, pupil.Initials, missingId, "", "the pupil's record lists a guardian who has no guardian record"));
                }
                foreach (var guardian in await CandidateGuardiansAsync(pupil, ct))
                {
                    if (GuardianRecipients.WhyNot(pupil, guardian) is { } why)
                    {
                        skipped.Add(new(pupil.Id, pupil.Initials, guardian.Id, GuardianRecipients.SafeDisplayName(guardian.Name), why));
                        continue;
                    }
                    covered = true;
                    var row = await queue(pupil, guardian, now);
                    if (row is not null) queued.Add(row);
                }
                if (!covered) uncovered.Add(pupil.Id);
            }
        }, ct);

        Wakeup.Wake();
        return new InvitationBatch(queued, skipped, uncovered);
    }

    /// <summary>
    /// Queues a failed e-mail again (a manager's "resend invitations"), with the session as it is now, to the same
    /// guardian — if they are still the pupil's guardian with an address (P3) and the session is still to come. The
    /// failed row becomes <see cref="OutboxStatus.Resent"/>, so a second click finds nothing left to resend.
    /// Null when there was nothing to queue (already resent, session over or cancelled, guardian no longer linked).
    /// Call inside a transaction.
    /// </summary>
    public async Task<GuardianEmailRow?> RequeueAsync(GuardianEmailRow failed, Session session, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var current = await _outbox.FindAsync(failed.Id, ct);
        if (current is not { Status: OutboxStatus.Failed } || session.Status != SessionStatus.Scheduled || session.Start <= now) return null;
        current.Status = OutboxStatus.Resent;
        await _outbox.UpdateAsync(current, ct);
        if (await _pupils.FindAsync(current.PupilId, ct) is not { } pupil || await _guardians.FindAsync(current.GuardianId, ct) is not { } guardian
            || GuardianRecipients.WhyNot(pupil, guardian) is not null)
        {
            return null;
        }
        // A fresh SEQUENCE: the resent calendar entry carries the session as it is now, so it must win over any earlier one.
        var sequence = await NextCalendarSequenceAsync(session.Id, ct);
        return await QueueForAsync(session, pupil, guardian, current.Kind == InvitationKind.Cancelled ? InvitationKind.Invitation : current.Kind, null, now, sequence, ct);
    }

    /// <summary>Rows for a session (newest last), e.g. to show the host what went to whom.</summary>
    public ValueTask<IReadOnlyList<GuardianEmailRow>> ForSessionAsync(string sessionId, CancellationToken ct = default) => _outbox.ForSessionAsync(sessionId, ct);

    private async Task<GuardianEmailRow?> QueueForAsync(Session session, Pupil pupil, Guardian guardian, InvitationKind kind, Session? previous, DateTimeOffset now, int sequence, CancellationToken ct)
    {
        var earlier = (await _outbox.ForSessionAsync(session.Id, ct))
            .Where(r => r.PupilId == pupil.Id && r.GuardianId == guardian.Id)
            .ToList();
        // A date of a series: the series e-mail (filed under the series) was this date's invitation. It is never
        // superseded by a change to one date, and once queued it counts as the guardian knowing of the date.
        var seriesInvitation = session.SeriesId is { } seriesId && (await _outbox.ForSessionAsync(seriesId, ct))
            .Any(r => r.PupilId == pupil.Id && r.GuardianId == guardian.Id && r.Status is OutboxStatus.Sent or OutboxStatus.Pending);

        // Never tried yet: the newer email replaces it, so the guardian gets one up-to-date message.
        foreach (var waiting in earlier.Where(r => r.Status == OutboxStatus.Pending && r.Attempts == 0 && !r.MaybeSent))
        {
            waiting.Status = OutboxStatus.Superseded;
            waiting.ClearContent();
            await _outbox.UpdateAsync(waiting, ct);
        }
        // "Knows" = has been sent something about this session, or something is in flight to them.
        var guardianKnows = seriesInvitation || earlier.Any(r => r.Status == OutboxStatus.Sent || (r.Status == OutboxStatus.Pending && (r.Attempts > 0 || r.MaybeSent)));
        var invitationOut = seriesInvitation || earlier.Any(r => r.Kind == InvitationKind.Invitation &&
                                             (r.Status == OutboxStatus.Sent || (r.Status == OutboxStatus.Pending && (r.Attempts > 0 || r.MaybeSent))));

        var effective = kind;
        switch (kind)
        {
            case InvitationKind.Invitation when invitationOut:
                return null;
            case InvitationKind.Rescheduled when !guardianKnows:
                effective = InvitationKind.Invitation;
                break;
            case InvitationKind.Cancelled when !guardianKnows:
                return null;
        }

        var email = _composer.Compose(session, pupil, guardian, effective, previous) with
        {
            Calendar = _composer.CalendarFor(session, pupil, guardian, effective, sequence, now, _fromMailbox),
        };
        var row = NewRow(effective, session.Id, session.HostId, pupil, guardian, _composer.When(session), email, sequence, now);
        await _outbox.InsertAsync(row, ct);
        return row;
    }

    /// <summary>An outbox row for <paramref name="email"/>, with its MIME message built once (what the pickup folder and Graph both get).</summary>
    private GuardianEmailRow NewRow(InvitationKind kind, string sessionId, string hostId, Pupil pupil, Guardian guardian, string when, GuardianEmail email, int sequence, DateTimeOffset now)
    {
        var row = new GuardianEmailRow
        {
            Kind = kind,
            SessionId = sessionId,
            PupilId = pupil.Id,
            GuardianId = guardian.Id,
            HostId = hostId,
            PupilInitials = pupil.Initials,
            SessionWhen = when,
            ToAddress = email.ToAddress,
            ToName = email.ToName,
            Subject = email.Subject,
            TextBody = email.TextBody,
            HtmlBody = email.HtmlBody,
            Language = email.Language,
            CalendarSequence = sequence,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        row.Mime = Encoding.ASCII.GetString(GuardianMessage.Build(email, row.MessageKey, _fromMailbox, now, _zone));
        return row;
    }

    /// <summary>0 for a session's first email; otherwise one more than the highest sequence any earlier email carried.</summary>
    private async Task<int> NextCalendarSequenceAsync(string sessionId, CancellationToken ct)
    {
        var earlier = await _outbox.ForSessionAsync(sessionId, ct);
        return earlier.Count == 0 ? 0 : earlier.Max(r => r.CalendarSequence) + 1;
    }

    /// <summary>Guardians either side names, so a one-sided link is reported rather than silently ignored.</summary>
    private async Task<IEnumerable<Guardian>> CandidateGuardiansAsync(Pupil pupil, CancellationToken ct)
    {
        var byId = new Dictionary<string, Guardian>(StringComparer.Ordinal);
        foreach (var id in pupil.GuardianIds)
        {
            if (await _guardians.FindAsync(id, ct) is { } g) byId[g.Id] = g;
        }
        foreach (var g in await _guardians.OfPupilAsync(pupil.Id, ct))
        {
            byId[g.Id] = g;
        }
        return byId.Values.OrderBy(g => g.Id, StringComparer.Ordinal);
    }
}
