using System.Text;
using Chexs.Bot.Dialogs.Conversations;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Teams;
using Chexs.Bot.Tests.Conversations;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.RightsRequests;

/// <summary>
/// The Teams side, through the real bot: only managers export, erase or get the inspection pack; files come as a
/// signed file consent card whose accept uploads the file built then (a fake OneDrive here); the erasure's second
/// step is a signed card that re-checks the role of whoever clicks.
/// </summary>
public sealed class ManagerRightsRequestsTests : IDisposable
{
    private readonly FakeUploader _uploads = new();
    private readonly ConversationHarness _h;

    public ManagerRightsRequestsTests() => _h = new ConversationHarness(services: s => s.AddSingleton<IFileUploader>(_uploads));

    public void Dispose() => _h.Dispose();

    private sealed class FakeUploader : IFileUploader
    {
        public List<(Uri Url, string Text)> Uploaded { get; } = new();

        public Task UploadAsync(Uri uploadUrl, byte[] content, CancellationToken ct)
        {
            Uploaded.Add((uploadUrl, Encoding.UTF8.GetString(content)));
            return Task.CompletedTask;
        }
    }

    private static JObject Accept(JObject context, string uploadUrl = "https://chexs-my.sharepoint.com/personal/morgan/upload/1") => new()
    {
        ["type"] = "fileUpload",
        ["action"] = "accept",
        ["context"] = context,
        ["uploadInfo"] = new JObject { ["name"] = "file.md", ["uploadUrl"] = uploadUrl, ["contentUrl"] = "https://chexs-my.sharepoint.com/personal/morgan/file.md", ["uniqueId"] = "1", ["fileType"] = "md" },
    };

    private static JObject ConsentContext(Replies replies)
    {
        var attachment = Assert.Single(replies.Messages.SelectMany(m => m.Attachments ?? []), a => a.ContentType == FileConsentCard.ContentType);
        return (JObject)JObject.FromObject(attachment.Content)["acceptContext"]!;
    }

    [Theory]
    [InlineData("export person Sam Patel")]
    [InlineData("erase person P-0001")]
    [InlineData("export inspection from 01/11/2026 to 30/11/2026")]
    public async Task Staff_are_refused_and_nothing_is_looked_up(string line)
    {
        var replies = await _h.Personal(Person.Alex).Say(line);

        Assert.Equal(ManagerRightsRequests.ManagersOnly, replies.Text);
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => a.Action.StartsWith("person.", StringComparison.Ordinal));
        Assert.Equal("Sam", _h.Pupil("P-0001").FirstName);
    }

    [Fact]
    public async Task In_a_channel_a_manager_is_pointed_to_the_private_chat()
    {
        var replies = await _h.Channel(Person.Morgan).Say("export person Sam Patel");

        Assert.DoesNotContain("Sam", replies.Text);
        Assert.Empty(replies.Messages.SelectMany(m => m.Attachments ?? []));
    }

    [Fact]
    public async Task A_manager_gets_the_persons_file_through_a_consent_card_and_the_accept_uploads_and_audits_it()
    {
        var morgan = _h.Personal(Person.Morgan);
        var offer = await morgan.Say("export person P-0001");
        Assert.Contains("export person P-0001 FILE", offer.Text); // where to get it without Teams file sharing
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => a.Action == "person.exported"); // nothing has left yet

        var done = await morgan.Invoke("fileConsent/invoke", Accept(ConsentContext(offer)));

        var (url, text) = Assert.Single(_uploads.Uploaded);
        Assert.Equal("chexs-my.sharepoint.com", url.Host);
        Assert.Contains("Personal data held by CHEXS Bot about Sam Patel", text);
        Assert.Contains(done.Messages.SelectMany(m => m.Attachments ?? []), a => a.ContentType == FileInfoCard.ContentType);
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "person.exported" && a.Actor == Person.Morgan.AadObjectId);
    }

    [Fact]
    public async Task An_altered_accept_or_one_pointing_outside_OneDrive_uploads_nothing()
    {
        var morgan = _h.Personal(Person.Morgan);
        var context = ConsentContext(await morgan.Say("export person P-0001"));
        var forged = (JObject)context.DeepClone();
        forged["id"] = "P-0003";

        Assert.Equal(ChexsBot.FileRefusedReply, (await morgan.Invoke("fileConsent/invoke", Accept(forged))).Text);
        Assert.Equal(ChexsBot.FileRefusedReply, (await morgan.Invoke("fileConsent/invoke", Accept(context, "https://attacker.example/upload"))).Text);
        Assert.Equal(ChexsBot.FileRefusedReply, (await _h.Personal(Person.Jordan).Invoke("fileConsent/invoke", Accept(context))).Text); // another manager's offer
        Assert.Empty(_uploads.Uploaded);
    }

    [Fact]
    public async Task The_inspection_pack_comes_as_a_file_for_the_dates_given()
    {
        var morgan = _h.Personal(Person.Morgan);
        var offer = await morgan.Say("export inspection from 01/11/2026 to 30/11/2026");

        await morgan.Invoke("fileConsent/invoke", Accept(ConsentContext(offer)));

        Assert.StartsWith("# CHEXS video sessions: inspection pack, 1 Nov 2026 to 30 Nov 2026", Assert.Single(_uploads.Uploaded).Text);
        Assert.StartsWith("Say the first and last day", (await morgan.Say("export inspection for November")).Text);
    }

    [Fact]
    public async Task Erasing_in_Teams_shows_the_dry_run_and_only_a_managers_click_erases()
    {
        var morgan = _h.Personal(Person.Morgan);
        var ambiguous = await morgan.Say("erase person Patel");
        Assert.StartsWith("More than one person matches", ambiguous.Text);

        var dryRun = await morgan.Say("erase person P-0003");
        var card = dryRun.Card;
        Assert.Contains("Dry run: nothing has been changed yet", card.ToString());
        Assert.Equal("Lily", _h.Pupil("P-0003").FirstName);

        await _h.Personal(Person.Alex).Click(card, "Erase now");
        Assert.False(_h.Pupil("P-0003").IsErased);

        await morgan.Click(card, "Erase now");

        Assert.Null(_h.Pupil("P-0003")); // no consent evidence or held session to keep: the record goes entirely
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "person.erased" && a.Actor == Person.Morgan.AadObjectId);
    }
}
