using Chexs.Bot.CardActions;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.Records;
using Chexs.Bot.Roles;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Invitations;

/// <summary>
/// <c>resend invitations</c> in a manager's 1:1 chat: the guardian e-mails the outbox gave up on, for sessions still to
/// come, by session — full names, since this is the manager's own chat — each session with a Resend button. A click
/// queues the failed e-mails again in the outbox (the session as it is now, the same guardians, P3 checked again),
/// audited under the manager's name; a second click finds nothing left to resend. Staff get one sentence.
/// </summary>
public sealed class ResendInvitations(IGuardianEmailOutbox outbox, GuardianInvitations invitations, ISessionRepository sessions, IPupilRepository pupils,
    IStaffRepository staff, IStaffDirectory directory, IStoreTransactions transactions, IAuditTrail audit, CardActionSigner signer,
    SafeguardingOptions safeguarding, TimeProvider clock) : ICardActionHandler
{
    public const string Verb = "invitations.resend";
    public const string StaffOnlyReply = "Only managers can resend guardian e-mails. If a guardian did not get an invitation, tell a CHEXS manager.";
    public const string NothingReply = "No guardian e-mail has failed for a session that is still to come. Nothing to resend.";

    public IEnumerable<string> Verbs => [Verb];

    /// <summary>Failed e-mails of sessions still scheduled and not yet started, by session (soonest first).</summary>
    public async Task<IReadOnlyList<(Session Session, IReadOnlyList<GuardianEmailRow> Rows)>> FailedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = new List<(Session, IReadOnlyList<GuardianEmailRow>)>();
        foreach (var group in (await outbox.FailedAsync(ct)).GroupBy(r => r.SessionId))
        {
            if (await sessions.FindAsync(group.Key, ct) is { Status: SessionStatus.Scheduled } session && session.Start > now)
                result.Add((session, group.ToList()));
        }
        return result.OrderBy(x => x.Item1.Start).ToList();
    }

    public async Task ReplyAsync(ITurnContext turn, CancellationToken ct)
    {
        if (!TurnUser.Of(turn).IsManager)
        {
            await turn.SendActivityAsync(MessageFactory.Text(StaffOnlyReply), ct);
            return;
        }
        var failed = await FailedAsync(ct);
        if (failed.Count == 0)
        {
            await turn.SendActivityAsync(MessageFactory.Text(NothingReply), ct);
            return;
        }
        var body = new JArray(
            new JObject { ["type"] = "TextBlock", ["text"] = "Guardian e-mails that could not be sent", ["weight"] = "Bolder", ["size"] = "Large", ["wrap"] = true },
            new JObject { ["type"] = "TextBlock", ["wrap"] = true, ["isSubtle"] = true,
                ["text"] = "Check each address first (a wrong address fails again). Resend queues them again with the session as it is now." });
        foreach (var (session, rows) in failed)
        {
            var host = (await staff.FindAsync(session.HostId, ct))?.DisplayName ?? "the host";
            var items = new JArray(new JObject
            {
                ["type"] = "TextBlock", ["weight"] = "Bolder", ["wrap"] = true,
                ["text"] = $"{session.Id} · {LocalTimes.ShortDateTime(session.Start, safeguarding.Zone)} · hosted by {host}",
            });
            foreach (var row in rows)
            {
                var pupil = await pupils.FindAsync(row.PupilId, ct);
                var pupilName = pupil is null ? row.PupilInitials : $"{pupil.FirstName} {pupil.LastName}";
                items.Add(new JObject
                {
                    ["type"] = "TextBlock", ["wrap"] = true, ["spacing"] = "None",
                    ["text"] = $"- {row.Kind.Describe()} to {(string.IsNullOrWhiteSpace(row.ToName) ? row.GuardianId : row.ToName)} ({row.ToAddress}), guardian of {pupilName}: {row.LastError ?? "not sent"}",
                });
            }
            items.Add(new JObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JArray(new JObject
                {
                    ["type"] = "Action.Execute", ["title"] = $"Resend {rows.Count} for {session.Id}", ["verb"] = Verb,
                    ["data"] = new JObject { ["verb"] = Verb, ["sessionId"] = session.Id },
                }),
            });
            body.Add(new JObject { ["type"] = "Container", ["separator"] = true, ["spacing"] = "Medium", ["items"] = items });
        }
        var card = signer.SignActions(new JObject
        {
            ["type"] = "AdaptiveCard", ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json", ["version"] = "1.5", ["body"] = body,
        });
        await turn.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = Cards.CardTemplates.ContentType, Content = card }), ct);
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken ct)
    {
        if (await directory.GetRoleAsync(context.UserAadObjectId, ct) != StaffRole.Manager) return CardActionResult.Say(StaffOnlyReply);
        var sessionId = (string?)context.Data["sessionId"] ?? "";
        var queued = await transactions.RunAsync(async () =>
        {
            if (await sessions.FindAsync(sessionId, ct) is not { } session) return -1;
            var count = 0;
            foreach (var row in (await outbox.FailedAsync(ct)).Where(r => r.SessionId == sessionId))
            {
                if (await invitations.RequeueAsync(row, session, ct) is not null) count++;
            }
            if (count > 0)
                await audit.AppendAsync(clock.GetUtcNow(), context.UserAadObjectId, "guardian-email.requeued", [sessionId], $"{count} failed e-mail(s) queued again", ct);
            return count;
        }, ct);
        invitations.Wakeup.Wake();
        return queued switch
        {
            -1 => CardActionResult.Say($"There is no session {sessionId} any more; nothing was resent."),
            0 => CardActionResult.Say($"Nothing left to resend for {sessionId}: it was already queued again, the session is over or cancelled, or the guardian is no longer on the pupil's record."),
            _ => CardActionResult.Say($"Queued {queued} e-mail{(queued == 1 ? "" : "s")} for {sessionId} again. If one fails again, its host is told, and it shows here again."),
        };
    }
}
