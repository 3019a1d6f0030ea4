using System.Net;
using System.Text;
using Chexs.Bot.DataExchange;
using Chexs.Bot.DataExchange.Uploads;
using Chexs.Bot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.DataExchange;

/// <summary>
/// A manager sends the pupils or consents CSV in the 1:1 chat: the running bot downloads it (within limits), runs the
/// command line's all-or-nothing check as a preview, and only "Confirm import" writes — exactly the previewed file, once.
/// </summary>
public sealed class UploadImportTests : IDisposable
{
    private const string Host = "https://chexs.sharepoint.com/personal/morgan/Documents/";
    private const string ConsentHeader = "pupil_id,guardian_email,kind,academic_year,session_id,covers,given_on,evidence,withdrawn_on";
    private const string NewConsentRow = "P-0007,claire.wright@example.org,annual,2026/27,,participation;recording;group,2026-11-20,FORM-2026-107,";
    private readonly FakeFiles _files = new();
    private readonly ConversationHarness _h;

    public UploadImportTests() => _h = new ConversationHarness(services: s =>
        s.AddHttpClient(UploadDownloader.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _files));

    public void Dispose() => _h.Dispose();

    private string Serve(string name, string text) => _files.Serve(Host + name, Encoding.UTF8.GetBytes(text));

    private int ConsentsOf(string pupilId) => _h.Db.Consents.Count(c => c.PupilId == pupilId);

    /// <summary>The audit events of this action by anyone but the development seed (which imports the samples at start).</summary>
    private List<Records.AuditEvent> Audit(string action) => _h.Db.Audit.FindAll().Where(a => a.Action == action && a.Actor != DevelopmentSeed.Actor).ToList();

    [Fact]
    public async Task A_manager_sees_the_new_consent_previewed_and_only_confirm_imports_it_under_their_name()
    {
        var before = ConsentsOf("P-0007");
        var url = Serve("consents.csv", ConsentHeader + "\n" + NewConsentRow + "\n");
        var morgan = _h.Personal(Person.Morgan);

        var preview = (await morgan.SendFile("consents.csv", url)).Card;

        var text = CardJson.Text(preview);
        Assert.Contains("Import consents from consents.csv?", text);
        Assert.Contains("1 new, 0 changed, 0 unchanged", text);
        Assert.Contains("P-0007 from claire.wright@example.org: annual 2026/27", text);
        Assert.Equal(["Confirm import", "Cancel"], CardJson.Titles(preview));
        Assert.Equal(before, ConsentsOf("P-0007"));
        Assert.Empty(Audit("import.consents"));

        var done = await morgan.Click(preview, "Confirm import");

        Assert.Contains("Imported consents.csv", CardJson.Text(done.ReplacedCard!));
        Assert.Equal(before + 1, ConsentsOf("P-0007"));
        var audit = Assert.Single(Audit("import.consents"));
        Assert.Equal(Person.Morgan.AadObjectId, audit.Actor);
    }

    [Fact]
    public async Task A_second_click_on_confirm_imports_nothing_twice()
    {
        var morgan = _h.Personal(Person.Morgan);
        var preview = (await morgan.SendFile("consents.csv", Serve("consents.csv", ConsentHeader + "\n" + NewConsentRow))).Card;
        await morgan.Click(preview, "Confirm import");

        var again = await morgan.Click(preview, "Confirm import");

        Assert.Contains("was already imported at 10:00", again.InvokeMessage);
        Assert.Single(Audit("import.consents"));
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_every_bad_line_named_and_nothing_is_written()
    {
        var before = _h.Db.Consents.Count();
        var url = Serve("consents.csv", string.Join("\n",
            ConsentHeader,
            NewConsentRow,
            "P-9999,claire.wright@example.org,annual,2026/27,,participation,2026-11-20,FORM-X,",
            "P-0007,claire.wright@example.org,annual,2026/27,,participation,31/08/2026,FORM-Y,"));

        var card = (await _h.Personal(Person.Morgan).SendFile("consents.csv", url)).Card;

        var text = CardJson.Text(card);
        Assert.Contains("consents.csv was refused: nothing imported", text);
        Assert.Contains("2 bad lines", text);
        Assert.Contains("line 3: unknown pupil id P-9999", text);
        Assert.Contains("line 4: given_on \"31/08/2026\" is not a date", text);
        Assert.DoesNotContain("line 2", text);
        Assert.Empty(CardJson.Titles(card));
        Assert.Equal(before, _h.Db.Consents.Count());
        Assert.Contains("3, 4", Assert.Single(Audit("import.refused")).Detail);
    }

    [Fact]
    public async Task A_pupils_list_is_recognised_from_its_header_and_names_who_is_new()
    {
        var url = Serve("pupils.csv", string.Join("\n",
            "pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name,guardian_relationship,guardian_email,guardian_phone,notes",
            "P-0100,Noor,Haddad,2013-02-01,Growth,Northfield Academy,Lina Haddad,Mother,lina.haddad@example.org,+44 7700 900555,likes chess"));
        var morgan = _h.Personal(Person.Morgan);

        var preview = (await morgan.SendFile("pupils.csv", url)).Card;

        var text = CardJson.Text(preview);
        Assert.Contains("Import pupils from pupils.csv?", text);
        Assert.Contains("Noor Haddad (P-0100)", text);
        Assert.Contains("guardian Lina Haddad (lina.haddad@example.org)", text);
        Assert.Contains("column \"notes\" is not read", text);
        Assert.Null(_h.Db.Pupils.FindById("P-0100"));

        await morgan.Click(preview, "Confirm import");
        Assert.Equal("Noor", _h.Db.Pupils.FindById("P-0100").FirstName);
    }

    [Fact]
    public async Task When_the_records_change_after_the_preview_confirm_imports_nothing_and_shows_the_new_preview()
    {
        var morgan = _h.Personal(Person.Morgan);
        var preview = (await morgan.SendFile("consents.csv", Serve("consents.csv", ConsentHeader + "\n" + NewConsentRow))).Card;
        // Meanwhile the same consent is recorded another way (a colleague's upload, the record consent dialog).
        var lines = CsvSheet.Parse(ConsentHeader + "\n" + NewConsentRow, "other.csv", ConsentImport.Columns).Lines;
        Assert.True((await _h.Bot.Get<ConsentImport>().ImportAsync(lines, "other.csv", false, "someone")).Applied);

        var click = await morgan.Click(preview, "Confirm import");

        var text = CardJson.Text(click.ReplacedCard!);
        Assert.Contains(ManagerImport.OutdatedNotice, text);
        Assert.Contains("nothing to import", text);
        Assert.DoesNotContain(Audit("import.consents"), a => a.Actor == Person.Morgan.AadObjectId);
    }

    [Fact]
    public async Task A_preview_expires_and_another_manager_cannot_confirm_it()
    {
        var preview = (await _h.Personal(Person.Morgan).SendFile("consents.csv", Serve("consents.csv", ConsentHeader + "\n" + NewConsentRow))).Card;

        var jordan = await _h.Personal(Person.Jordan).Click(preview, "Confirm import");
        Assert.Contains("expired", jordan.InvokeMessage);

        _h.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await _h.Personal(Person.Morgan).Click(preview, "Confirm import");
        Assert.Contains("That preview has expired (previews last 30 minutes)", late.InvokeMessage);
        Assert.Empty(Audit("import.consents"));
    }

    [Fact]
    public async Task Staff_are_told_to_send_it_to_a_manager_and_the_file_is_not_even_downloaded()
    {
        var replies = await _h.Personal(Person.Alex).SendFile("pupils.csv", Serve("pupils.csv", "anything"));

        Assert.Equal(ManagerImport.StaffOnlyReply, replies.Text);
        Assert.Equal(0, _files.Requests);
    }

    [Fact]
    public async Task A_tampered_hash_on_the_confirm_button_is_refused_before_anything_runs()
    {
        var preview = (await _h.Personal(Person.Morgan).SendFile("consents.csv", Serve("consents.csv", ConsentHeader + "\n" + NewConsentRow))).Card;
        var data = (JObject)CardJson.Action(preview, "Confirm import")["data"]!.DeepClone();
        data["hash"] = new string('A', 64);

        var click = await _h.Personal(Person.Morgan).Execute("import.confirm", data);

        Assert.Contains("its details don't match what I sent", click.InvokeMessage);
        Assert.Empty(Audit("import.consents"));
    }

    public static TheoryData<string, string, byte[], string> HostileFiles => new()
    {
        { "a workbook", "pupils.xlsx", [0x50, 0x4B, 0x03, 0x04], "I can only import CSV files, and pupils.xlsx is not one" },
        { "Windows-1252 text", "pupils.csv", [.. Encoding.ASCII.GetBytes("pupil_id,first_name\nP-1,Zo"), 0xEB], "is not saved as UTF-8 text" },
        { "UTF-16", "pupils.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("pupil_id")).ToArray(), "is not a CSV text file" },
        { "no known header", "list.csv", Encoding.UTF8.GetBytes("name,age\nSam,12\n"), "I can't tell what list.csv is" },
        { "a pupils list missing a column", "pupils.csv", Encoding.UTF8.GetBytes("pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name\n"), "has no column guardian_relationship, guardian_email, guardian_phone" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_file_that_is_not_a_usable_csv_gets_a_plain_answer_and_nothing_is_held(string what, string name, byte[] bytes, string answer)
    {
        _ = what;
        var url = _files.Serve(Host + name, bytes);

        var replies = await _h.Personal(Person.Morgan).SendFile(name, url, Path.GetExtension(name).TrimStart('.'));

        Assert.Contains(answer, replies.Text + (replies.Cards.Count > 0 ? CardJson.Text(replies.Card) : ""));
        Assert.True(replies.Cards.Count == 0 || CardJson.Titles(replies.Card).Count == 0);
    }

    [Fact]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_a_bad_line()
    {
        var url = Serve("pupils.csv", string.Join("\n",
            "pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name,guardian_relationship,guardian_email,guardian_phone",
            "P-0101,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Sam\"\")\",Patel,2012-01-01,Growth,,Ann Patel,Mother,ann.patel@example.org,+44 7700 900999"));

        var card = (await _h.Personal(Person.Morgan).SendFile("pupils.csv", url)).Card;

        Assert.Contains("line 2: first_name starts with \"=\", which a spreadsheet would run as a formula", CardJson.Text(card));
        Assert.Null(_h.Db.Pupils.FindById("P-0101"));
    }

    [Fact]
    public async Task A_file_bigger_than_the_limit_is_not_read()
    {
        var url = _files.Serve(Host + "huge.csv", new byte[3 * 1024 * 1024], sendLength: false);

        var replies = await _h.Personal(Person.Morgan).SendFile("huge.csv", url);

        Assert.Contains("huge.csv is larger than 2,048 KB", replies.Text);
    }

    [Fact]
    public async Task A_link_to_anywhere_but_SharePoint_is_not_fetched()
    {
        var replies = await _h.Personal(Person.Morgan).SendFile("pupils.csv", "http://169.254.169.254/latest/meta-data");

        Assert.Contains("did not give me a download link I trust", replies.Text);
        Assert.Equal(0, _files.Requests);
    }

    [Fact]
    public async Task A_download_that_hangs_is_stopped_at_the_timeout()
    {
        var url = _files.Hang(Host + "slow.csv");
        var send = _h.Personal(Person.Morgan).SendFile("slow.csv", url);
        await _files.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _h.Clock.Advance(TimeSpan.FromSeconds(21));
        var replies = await send.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("took longer than 20 seconds", replies.Text);
    }

    [Fact]
    public async Task In_a_channel_a_file_is_pointed_to_the_private_chat()
    {
        var replies = await _h.Channel(Person.Morgan).SendFile("pupils.csv", Serve("pupils.csv", "x"));

        Assert.Equal(ManagerImport.PersonalOnlyReply, replies.Text);
        Assert.Equal(0, _files.Requests);
    }

    /// <summary>Files "in SharePoint": served by URL, counting requests; one URL can hang until cancelled.</summary>
    private sealed class FakeFiles : HttpMessageHandler
    {
        private readonly Dictionary<string, (byte[] Bytes, bool SendLength)> _files = new(StringComparer.Ordinal);
        private readonly HashSet<string> _hanging = new(StringComparer.Ordinal);
        private int _requests;

        public int Requests => _requests;
        public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Serve(string url, byte[] bytes, bool sendLength = true)
        {
            _files[url] = (bytes, sendLength);
            return url;
        }

        public string Hang(string url)
        {
            _hanging.Add(url);
            return url;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var url = request.RequestUri!.ToString();
            if (_hanging.Contains(url))
            {
                Hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (!_files.TryGetValue(url, out var file)) return new HttpResponseMessage(HttpStatusCode.NotFound);
            HttpContent content = file.SendLength ? new ByteArrayContent(file.Bytes) : new StreamContent(new MemoryStream(file.Bytes));
            if (!file.SendLength) content.Headers.ContentLength = null;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }
}
