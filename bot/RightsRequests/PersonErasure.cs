using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chexs.Bot.Concerns;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.RightsRequests;

/// <summary>Something an erasure keeps, and the reason the law lets (or makes) CHEXS keep it.</summary>
public sealed record KeptRecord(string What, string Why);

/// <summary>A Zoom meeting whose cloud recording may show the person: deleting it is done in Zoom, not by the bot.</summary>
public sealed record ZoomRecordingToCheck(long MeetingId, string SessionId, DateTimeOffset Start, bool Simulated);

/// <summary>
/// What <c>erase person</c> would do (a dry run) or did. <see cref="Code"/> is a short digest of all of it: the
/// confirmation must quote it, so what is erased is exactly what the manager read, and a change to the person's
/// data in between (a new session, a consent) makes the confirmation fail instead of erasing something unseen.
/// </summary>
public sealed record ErasurePlan(
    PersonRef Person,
    IReadOnlyList<string> Blockers,
    IReadOnlyList<string> Changes,
    IReadOnlyList<KeptRecord> Kept,
    IReadOnlyList<ZoomRecordingToCheck> Recordings)
{
    public bool CanErase => Blockers.Count == 0;

    public string Code
    {
        get
        {
            var all = string.Join("\n", Blockers.Concat(Changes).Concat(Kept.Select(k => k.What + k.Why)).Concat(Recordings.Select(r => $"{r.MeetingId}:{r.SessionId}")));
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Person.Kind + Person.Id + "\n" + all)))[..6];
        }
    }

    /// <summary>The plan as plain text lines (command line, and the Teams reply).</summary>
    public string Describe(OrgCalendar calendar, bool done)
    {
        var b = new StringBuilder();
        if (!CanErase)
        {
            b.AppendLine($"I can't erase {Person.Describe()} yet, so nothing was changed:");
            foreach (var x in Blockers) b.AppendLine($"- {x}");
            return b.ToString().TrimEnd();
        }
        b.AppendLine(done ? $"Erased {Person.Describe()}. What changed:" : $"Dry run: nothing has been changed yet. Erasing {Person.Describe()} would:");
        foreach (var x in Changes) b.AppendLine($"- {x}");
        b.AppendLine(done ? "Kept, and why:" : "It would keep, and why:");
        foreach (var k in Kept) b.AppendLine($"- {k.What}: {k.Why}");
        if (Recordings.Count == 0)
        {
            b.AppendLine("Zoom: no held session has a Zoom meeting, so there is no recording to look for.");
        }
        else
        {
            b.AppendLine("Zoom keeps the recordings, outside the bot. Delete these meetings' cloud recordings in Zoom (Recordings → Cloud recordings, search by meeting id):");
            foreach (var r in Recordings)
                b.AppendLine($"- meeting {r.MeetingId}, session {r.SessionId}, {calendar.LocalDateTime(r.Start).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)}{(r.Simulated ? " (simulated meeting: nothing in Zoom)" : "")}");
        }
        return b.ToString().TrimEnd();
    }
}

/// <summary>What a confirmed erasure did.</summary>
public abstract record ErasureOutcome
{
    public sealed record Erased(ErasurePlan Plan) : ErasureOutcome;
    /// <summary>The plan the confirmation quoted is not what would happen now: nothing was changed.</summary>
    public sealed record Changed(ErasurePlan Now) : ErasureOutcome;
    public sealed record Blocked(ErasurePlan Now) : ErasureOutcome;
    public sealed record Gone : ErasureOutcome;
}

/// <summary>
/// <c>erase person</c> (UK GDPR Art. 17). Anonymises a pupil or a guardian wherever the law allows and keeps what it
/// must, saying why: consent evidence for sessions that happened (reference, dates and what it covered, no guardian
/// contact details; marked withdrawn so it can never cover another session), held sessions (by pupil reference, for
/// the safeguarding record), e-mail records that join details went only to a guardian (P3, without names or
/// addresses), safeguarding concerns (<see cref="IConcernCounts"/>), and the append-only audit trail. Refused while
/// the person still has a session to come, with what would fix it. All of it in one store transaction; the audit line
/// names a pupil by reference only and a guardian not at all.
/// </summary>
public sealed class PersonErasure(
    PersonHoldingsReader reader, IPupilRepository pupils, IGuardianRepository guardians, IConsentRepository consents, ISessionRepository sessions,
    IGuardianEmailOutbox emails, IStaffNoticeOutbox notices, IConcernCounts concerns, IStoreTransactions transactions, IAuditTrail audit,
    OrgCalendar calendar, TimeProvider clock)
{
    /// <summary>Stands in for an erased guardian wherever a kept record had their id (their e-mail address).</summary>
    public const string ErasedGuardian = "erased-guardian";

    public async Task<ErasurePlan?> PlanAsync(PersonRef person, CancellationToken ct = default)
    {
        var h = await reader.ReadAsync(person, ct);
        return h is null ? null : await WorkAsync(h, clock.GetUtcNow(), apply: false, ct);
    }

    /// <summary>Erases, if what would happen now is still the plan whose <paramref name="code"/> the manager confirmed.</summary>
    public Task<ErasureOutcome> EraseAsync(PersonRef person, string code, string actor, CancellationToken ct = default) =>
        transactions.RunAsync<ErasureOutcome>(async () =>
        {
            var now = clock.GetUtcNow();
            var h = await reader.ReadAsync(person, ct);
            if (h is null) return new ErasureOutcome.Gone();
            var plan = await WorkAsync(h, now, apply: false, ct);
            if (!plan.CanErase) return new ErasureOutcome.Blocked(plan);
            if (!string.Equals(plan.Code, code.Trim(), StringComparison.OrdinalIgnoreCase)) return new ErasureOutcome.Changed(plan);
            await WorkAsync(h, now, apply: true, ct);
            await audit.AppendAsync(now, actor, "person.erased",
                person.Kind == PersonKind.Pupil ? [person.Id] : h.Consents.Select(c => c.Id),
                $"Erasure on request of a {person.Kind.ToString().ToLowerInvariant()} (confirmation {plan.Code}): {plan.Changes.Count} change(s); " +
                $"kept {plan.Kept.Count} item(s) with reasons; {plan.Recordings.Count} Zoom meeting(s) listed for recording deletion in Zoom", ct);
            return new ErasureOutcome.Erased(plan);
        }, ct);

    /// <summary>The one place deciding what an erasure does: describes it, and with <paramref name="apply"/> does it.</summary>
    private async Task<ErasurePlan> WorkAsync(PersonHoldings h, DateTimeOffset now, bool apply, CancellationToken ct)
    {
        var blockers = new List<string>();
        var changes = new List<string>();
        var kept = new List<KeptRecord>();
        string Day(DateTimeOffset at) => calendar.LocalDateTime(at).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        bool Held(Session s) => s.Status == SessionStatus.Completed || s.Status == SessionStatus.Scheduled && s.Start <= now || s.Activity?.StartedAt is not null;
        bool ToCome(Session s) => s.IsLive && s.End > now && !Held(s);

        if (h.Pupil is { } pupil)
        {
            foreach (var s in h.Sessions.Where(ToCome))
                blockers.Add($"Session {s.Id} on {Day(s.Start)} is still booked with {pupil.FullName}: cancel it first ('cancel {s.Id}'), then erase.");
            if (blockers.Count > 0) return new ErasurePlan(h.Person, blockers, changes, kept, []);

            var held = h.Sessions.Where(Held).ToList();
            foreach (var c in h.Consents)
            {
                var covered = held.Where(s => Covers(c, s)).ToList();
                if (covered.Count == 0)
                {
                    changes.Add($"delete consent {c.Id} (no session took place under it)");
                    if (apply) await consents.DeleteAsync(c.Id, ct);
                    continue;
                }
                kept.Add(new($"consent {c.Id} (form {c.Evidence}, given {c.GivenOn:yyyy-MM-dd}, {c.Covers})",
                    $"evidence that consent was in place for {covered.Count} session(s) that took place (P4); kept without the guardian's identity, and marked withdrawn so it covers nothing more; retention (G3) deletes it on time"));
                if (apply)
                {
                    c.GuardianId = ErasedGuardian;
                    c.Withdrawal ??= new ConsentWithdrawal { At = now, By = "rights-request", Reason = "person erased on request" };
                    await consents.UpdateAsync(c, ct);
                }
            }
            foreach (var s in h.Sessions)
            {
                if (Held(s))
                {
                    var touched = s.ConfirmationCardJson is not null || s.Flag is not null || s.Verdict?.Findings.Any(f => f.PupilId == pupil.Id) == true;
                    if (!touched) continue;
                    changes.Add($"session {s.Id} ({Day(s.Start)}): remove the stored confirmation card, flag and policy notes that named the pupil");
                    if (apply)
                    {
                        s.ConfirmationCardJson = null;
                        s.Flag = null;
                        foreach (var f in s.Verdict?.Findings.Where(f => f.PupilId == pupil.Id) ?? []) f.Message = $"{f.RuleId}: (about a pupil since erased)";
                        await sessions.UpdateAsync(s, ct);
                    }
                }
                else
                {
                    changes.Add($"session {s.Id} ({Day(s.Start)}, {s.Status}, never held): take the pupil out of it");
                    if (apply)
                    {
                        s.PupilIds.Remove(pupil.Id);
                        s.ConfirmationCardJson = null;
                        s.Flag = null;
                        s.Verdict?.Findings.RemoveAll(f => f.PupilId == pupil.Id);
                        await sessions.UpdateAsync(s, ct);
                    }
                }
            }
            if (held.Count > 0)
                kept.Add(new($"{held.Count} session(s) that took place ({string.Join(", ", held.Select(s => s.Id))})",
                    "the record of who met a child, when and with which safeguards (P5–P10) is a safeguarding record; the pupil appears only by reference and retention (G3) removes it after the retention period"));
            foreach (var g in h.LinkedGuardians)
            {
                var alone = g.PupilIds.All(id => id == pupil.Id);
                changes.Add($"unlink guardian {g.Name} from the pupil{(alone ? " (no other child: the nightly retention then removes the guardian's record)" : "")}");
                if (apply)
                {
                    g.PupilIds.Remove(pupil.Id);
                    await guardians.UpdateAsync(g, ct);
                }
            }
            if (h.Emails.Count > 0)
            {
                kept.Add(new($"{h.Emails.Count} e-mail record(s) (what was sent for which session, when)",
                    "evidence that join details went only to a parent or guardian (P3); the pupil's initials and the message text are removed"));
                changes.Add($"remove the pupil's initials and the message text from {h.Emails.Count} e-mail record(s)");
                if (apply)
                    foreach (var e in h.Emails) await ScrubEmailAsync(e, ct, guardianToo: false);
            }
            await DropNoticesAsync(h, changes, apply, ct);
            var keepRecord = held.Count > 0 || kept.Any(k => k.What.StartsWith("consent", StringComparison.Ordinal));
            if (keepRecord)
            {
                changes.Add($"remove the pupil's name, date of birth, school, programmes and guardian links; keep only the reference {pupil.Id}");
                kept.Add(new($"the pupil reference {pupil.Id} (no name, birthday or school)", "the kept consents and sessions point to it; retention (G3) deletes it with them"));
                if (apply)
                {
                    pupil.FirstName = pupil.LastName = pupil.School = "";
                    pupil.DateOfBirth = default;
                    pupil.Programmes = new List<Programme>();
                    pupil.GuardianIds = new List<string>();
                    pupil.ErasedAt = now;
                    await pupils.UpdateAsync(pupil, ct);
                }
            }
            else
            {
                changes.Add($"delete the pupil record {pupil.Id}");
                if (apply) await pupils.DeleteAsync(pupil.Id, ct);
            }
            await KeepConcernsAsync(h, kept, ct);
            KeepAudit(h, kept, $"they name the pupil by reference ({pupil.Id}) and initials, never by full name");
            return new ErasurePlan(h.Person, blockers, changes, kept, Recordings(held));
        }

        var guardian = h.Guardian!;
        foreach (var s in h.Sessions.Where(ToCome))
        {
            var stranded = s.PupilIds.Where(id => h.LinkedPupils.FirstOrDefault(p => p.Id == id) is { } child && child.GuardianIds.All(g => g == guardian.Id)).ToList();
            if (stranded.Count > 0)
                blockers.Add($"Session {s.Id} on {Day(s.Start)} is still booked and {guardian.Name} is the only guardian who can get its join details: cancel it ('cancel {s.Id}') or add another guardian for the pupil first.");
        }
        if (blockers.Count > 0) return new ErasurePlan(h.Person, blockers, changes, kept, []);
        changes.Add("delete the guardian's record (name, relationship, e-mail address, phone)");
        foreach (var child in h.LinkedPupils)
        {
            changes.Add($"unlink the guardian from pupil {child.Id}");
            if (apply)
            {
                child.GuardianIds.Remove(guardian.Id);
                await pupils.UpdateAsync(child, ct);
            }
        }
        foreach (var c in h.Consents)
        {
            kept.Add(new($"consent {c.Id} for pupil {c.PupilId} (form {c.Evidence}, given {c.GivenOn:yyyy-MM-dd}, {c.Covers})",
                "evidence of the consent the pupil's sessions relied on (P4); the guardian's identity is removed from it; it stays in force for the pupil until withdrawn"));
            if (apply)
            {
                c.GuardianId = ErasedGuardian;
                await consents.UpdateAsync(c, ct);
            }
        }
        if (h.Emails.Count > 0)
        {
            kept.Add(new($"{h.Emails.Count} e-mail record(s) (what was sent for which session, when)", "evidence that join details went only to a parent or guardian (P3); the address, name and message text are removed"));
            changes.Add($"remove the address, name and message text from {h.Emails.Count} e-mail record(s)");
            if (apply)
                foreach (var e in h.Emails) await ScrubEmailAsync(e, ct, guardianToo: true);
        }
        await DropNoticesAsync(h, changes, apply, ct);
        if (apply) await guardians.DeleteAsync(guardian.Id, ct);
        await KeepConcernsAsync(h, kept, ct);
        KeepAudit(h, kept, "they name the guardian by record id, which is their e-mail address");
        return new ErasurePlan(h.Person, blockers, changes, kept, Recordings(h.Sessions.Where(Held)));
    }

    private bool Covers(Consent c, Session s) => c.Kind == ConsentKind.Session
        ? c.SessionId == s.Id
        : c.AcademicYearStart is int y && calendar.AcademicYearOf(calendar.LocalDate(s.Start)) == y;

    private async Task ScrubEmailAsync(GuardianEmailRow e, CancellationToken ct, bool guardianToo)
    {
        e.PupilInitials = "";
        e.Subject = e.TextBody = e.HtmlBody = "";
        if (guardianToo)
        {
            e.ToAddress = e.ToName = "";
            e.GuardianId = ErasedGuardian;
            if (e.Status == OutboxStatus.Pending)
            {
                e.Status = OutboxStatus.Superseded; // nobody to send it to any more
                e.LastError = "the guardian was erased on request";
            }
        }
        await emails.UpdateAsync(e, ct);
    }

    private async Task DropNoticesAsync(PersonHoldings h, List<string> changes, bool apply, CancellationToken ct)
    {
        if (h.Notices.Count == 0) return;
        changes.Add($"delete {h.Notices.Count} stored message(s) to staff that mentioned them (already shown in Teams, or no longer owed)");
        if (apply)
            foreach (var n in h.Notices) await notices.DeleteAsync(n.Id, ct);
    }

    private async Task KeepConcernsAsync(PersonHoldings h, List<KeptRecord> kept, CancellationToken ct)
    {
        foreach (var c in await concerns.KeptForPersonAsync(h.Person.Id, ct))
            kept.Add(new($"safeguarding concern {c.ConcernId} (raised {c.RaisedAt:yyyy-MM-dd})",
                $"safeguarding records are not erased on request (UK GDPR Art. 17(3)(b), KCSIE); kept {(c.KeptUntil is { } d ? $"until {d:yyyy-MM-dd}" : "under the safeguarding retention setting")}"));
    }

    private static void KeepAudit(PersonHoldings h, List<KeptRecord> kept, string how)
    {
        if (h.AuditLines.Count == 0) return;
        kept.Add(new($"{h.AuditLines.Count} audit trail line(s)",
            $"the audit trail is the append-only record of what was decided about children's safety and by whom (UK GDPR Art. 17(3)(b) and (e)); {how}"));
    }

    private static IReadOnlyList<ZoomRecordingToCheck> Recordings(IEnumerable<Session> held) =>
        held.Where(s => s.Meeting is not null).OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new ZoomRecordingToCheck(s.Meeting!.MeetingId, s.Id, s.Start, s.Meeting.Simulated)).ToList();
}
