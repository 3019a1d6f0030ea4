using Chexs.Bot.Backups;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Tests.DataSafety;

/// <summary>
/// A manager's "backup now" in Teams: the running bot copies its own database (the command line may not open it
/// while the bot runs), verified, audited under the manager's name; staff cannot; a double-sent message takes one.
/// </summary>
public sealed class ManagerBackupTests : IDisposable
{
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "chexs-manager-backup-" + Guid.NewGuid().ToString("N"));
    private readonly ConversationHarness _h;

    public ManagerBackupTests() => _h = new ConversationHarness(settings: new Dictionary<string, string?> { ["Backup:Folder"] = _backups });

    public void Dispose()
    {
        _h.Dispose();
        if (Directory.Exists(_backups)) Directory.Delete(_backups, recursive: true);
    }

    private string[] Files() => Directory.Exists(_backups) ? Directory.GetFiles(_backups, "chexs-*.db") : [];

    [Theory]
    [InlineData("backup")]
    [InlineData("back up the database now")]
    [InlineData("Can you take a backup please?")]
    public async Task A_manager_gets_a_verified_backup_with_everything_in_it_and_it_is_audited(string line)
    {
        var replies = await _h.Personal(Person.Morgan).Say(line);

        var file = Assert.Single(Files());
        Assert.StartsWith($"Backup taken and verified: {Path.GetFileName(file)} (", replies.Text);
        var copy = _h.Bot.Services.GetRequiredService<IStoreMaintenance>().VerifyFile(file);
        Assert.True(copy.Sound, string.Join("; ", copy.Problems));
        Assert.Equal(_h.Db.Pupils.Count(), copy.Counts["pupils"]);
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "backup.made" && a.Actor == Person.Morgan.AadObjectId);
    }

    [Fact]
    public async Task Staff_are_told_it_is_for_managers_and_nothing_is_written()
    {
        var replies = await _h.Personal(Person.Alex).Say("backup now");

        Assert.Equal(ManagerBackup.StaffOnlyReply, replies.Text);
        Assert.Empty(Files());
        Assert.DoesNotContain(_h.Db.Audit.FindAll(), a => a.Action.StartsWith("backup.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_sent_twice_takes_one_backup_and_a_minute_later_another()
    {
        var morgan = _h.Personal(Person.Morgan);
        await morgan.Say("backup");
        var again = await morgan.Say("backup");

        Assert.StartsWith("A backup was taken less than a minute ago (chexs-", again.Text);
        Assert.Single(Files());

        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.StartsWith("Backup taken and verified", (await morgan.Say("backup")).Text);
        Assert.Equal(2, Files().Length);
    }

    [Fact]
    public async Task In_a_channel_it_points_to_the_private_chat_and_takes_nothing()
    {
        var replies = await _h.Channel(Person.Morgan).Say("backup");

        Assert.DoesNotContain("Backup taken", replies.Text);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_backup_that_cannot_be_written_is_named_to_the_manager_and_audited()
    {
        File.WriteAllText(_backups, "a file where the folder should be");
        try
        {
            var replies = await _h.Personal(Person.Morgan).Say("backup");

            Assert.StartsWith("The backup failed (", replies.Text);
            Assert.Contains("the bot keeps working", replies.Text);
            Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "backup.failed" && a.Actor == Person.Morgan.AadObjectId);
        }
        finally
        {
            File.Delete(_backups);
        }
    }

    [Fact]
    public async Task The_Storage_BackupFolder_spelling_switches_backups_on_too()
    {
        var other = _backups + "-storage";
        try
        {
            using var h = new ConversationHarness(settings: new Dictionary<string, string?> { ["Backup:Folder"] = "", ["Storage:BackupFolder"] = other, ["Storage:BackupsToKeep"] = "1" });
            var morgan = h.Personal(Person.Morgan);

            Assert.StartsWith("Backup taken and verified", (await morgan.Say("backup")).Text);
            h.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.StartsWith("Backup taken and verified", (await morgan.Say("backup")).Text);

            Assert.Single(Directory.GetFiles(other, "chexs-*.db")); // Storage:BackupsToKeep = 1 kept only the newest
        }
        finally
        {
            if (Directory.Exists(other)) Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_backup_folder_the_manager_is_told_what_to_ask_for()
    {
        using var h = new ConversationHarness(settings: new Dictionary<string, string?> { ["Backup:Folder"] = "" });

        var replies = await h.Personal(Person.Morgan).Say("backup");

        Assert.Equal(ManagerBackup.NotConfiguredReply, replies.Text);
    }
}
