using System.Runtime.ExceptionServices;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Teams;

/// <summary>What a proactive send produced: where it went and the activity id (to update the card later).</summary>
public sealed record PostedMessage(string ConversationId, string? ActivityId);

/// <summary>
/// Proactive messages into Teams (channels and personal chats) through the Bot Connector,
/// using the conversation references kept by <see cref="InstallationStore"/>. The only place that
/// turns our content into outbound Teams activities outside a user's turn.
/// </summary>
public sealed class TeamsMessenger
{
    private readonly ChexsAdapter _adapter;
    private readonly InstallationStore _installations;
    private readonly TeamsOptions _options;
    private readonly string _appId;

    public TeamsMessenger(ChexsAdapter adapter, InstallationStore installations, IOptions<TeamsOptions> options, IConfiguration config)
    {
        _adapter = adapter;
        _installations = installations;
        _options = options.Value;
        _appId = config["MicrosoftAppId"] ?? "";
    }

    /// <summary>The staff channel (reminders), or null when the app is not installed in any team yet.</summary>
    public Task<InstallationRecord?> StaffChannelAsync(CancellationToken ct = default) => ChannelAsync(_options.StaffChannelId, ct);

    /// <summary>The managers' channel, falling back to the staff channel.</summary>
    public async Task<InstallationRecord?> ManagersChannelAsync(CancellationToken ct = default) =>
        await ChannelAsync(_options.ManagersChannelId, ct) ?? await StaffChannelAsync(ct);

    private async Task<InstallationRecord?> ChannelAsync(string? channelId, CancellationToken ct)
    {
        var teams = (await _installations.AllAsync(ct)).Where(i => i.Scope == "team").ToList();
        if (string.IsNullOrWhiteSpace(channelId))
        {
            return teams.OrderBy(t => t.InstalledAt).FirstOrDefault();
        }
        var installed = teams.FirstOrDefault(t => t.ChannelId == channelId || t.Id == channelId);
        if (installed is not null)
        {
            return installed;
        }
        // A channel of a team we are installed in: address it through that team's reference.
        var team = teams.FirstOrDefault();
        return team is null ? null : WithConversation(team, channelId);
    }

    private static InstallationRecord WithConversation(InstallationRecord team, string channelId)
    {
        var reference = InstallationStore.ReferenceOf(team);
        reference.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: channelId, tenantId: team.TenantId);
        return new InstallationRecord
        {
            Id = channelId, Scope = "team", TenantId = team.TenantId, TeamId = team.TeamId, ChannelId = channelId,
            ServiceUrl = team.ServiceUrl, ReferenceJson = Newtonsoft.Json.JsonConvert.SerializeObject(reference), InstalledAt = team.InstalledAt,
        };
    }

    public Task<PostedMessage> PostCardAsync(InstallationRecord where, JObject card, string summary, CancellationToken ct) =>
        SendAsync(where, CardActivity(card, summary), ct);

    public Task<PostedMessage> PostTextAsync(InstallationRecord where, string text, CancellationToken ct) =>
        SendAsync(where, MessageFactory.Text(text), ct);

    public async Task UpdateCardAsync(InstallationRecord where, string activityId, JObject card, CancellationToken ct)
    {
        var activity = CardActivity(card, "");
        activity.Id = activityId;
        await ContinueAsync(InstallationStore.ReferenceOf(where), async (turn, token) =>
        {
            await turn.UpdateActivityAsync(activity, token);
        }, ct);
    }

    private async Task<PostedMessage> SendAsync(InstallationRecord where, IActivity activity, CancellationToken ct)
    {
        string? id = null;
        var reference = InstallationStore.ReferenceOf(where);
        // A new message, not a reply to whatever activity the reference was saved from (e.g. the installation).
        reference.ActivityId = null;
        await ContinueAsync(reference, async (turn, token) =>
        {
            var response = await turn.SendActivityAsync(activity, token);
            id = response?.Id;
        }, ct);
        return new PostedMessage(reference.Conversation.Id, id);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a proactive turn and lets its failure reach the caller. The adapter
    /// hands any exception in a turn to its OnTurnError, which logs it and returns normally (and clears
    /// that conversation's dialog state): callers would take a post that never arrived for delivered, and
    /// the outboxes would mark it sent. So the exception is caught inside the turn and thrown again after it.
    /// </summary>
    private async Task ContinueAsync(ConversationReference reference, BotCallbackHandler work, CancellationToken ct)
    {
        ExceptionDispatchInfo? failure = null;
        await _adapter.ContinueConversationAsync(_appId, reference, async (turn, token) =>
        {
            try
            {
                await work(turn, token);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, ct);
        failure?.Throw();
    }

    public static Activity CardActivity(JObject card, string summary)
    {
        var activity = (Activity)MessageFactory.Attachment(new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = card });
        if (!string.IsNullOrEmpty(summary)) activity.Summary = summary;
        return activity;
    }
}
