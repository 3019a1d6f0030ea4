using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// Issue 19: a manager sends the consents CSV to the bot in their 1:1 chat, sees the preview and confirms it; a bad
/// CSV is refused with its line numbers. The file is served from a local address (the bot's Development settings allow
/// loopback downloads) and sent through the Playground's custom-activity API, exactly as Teams delivers a file
/// (see <see cref="BotAndPlayground.SendFileAsync"/>: the Playground's message box cannot send a file).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ManagerUploadTests(BotAndPlayground env)
{
    private const string Header = "pupil_id,guardian_email,kind,academic_year,session_id,covers,given_on,evidence,withdrawn_on";

    [Fact]
    public async Task A_manager_uploads_consents_sees_the_preview_and_confirms_and_a_bad_file_is_refused_by_line()
    {
        var today = DateTime.Today;
        var yearStart = today.Month >= 9 ? today.Year : today.Year - 1;
        var year = $"{yearStart}/{(yearStart + 1) % 100:00}";
        var given = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var files = new LocalFiles();
        var good = files.Serve("consents.csv", $"{Header}\nP-0007,claire.wright@example.org,annual,{year},,participation;recording;group,{given},FORM-E2E-107,\n");
        var bad = files.Serve("consents-bad.csv",
            $"{Header}\nP-0007,claire.wright@example.org,annual,{year},,participation,{given},FORM-E2E-108,\nP-9999,claire.wright@example.org,annual,{year},,participation,{given},FORM-E2E-109,\nP-0007,claire.wright@example.org,annual,{year},,participation,31/08/2026,FORM-E2E-110,\n");

        await env.SwitchUserAsync("Morgan Manager");
        await using var morgan = await env.OpenAsync(nameof(A_manager_uploads_consents_sees_the_preview_and_confirms_and_a_bad_file_is_refused_by_line));
        await morgan.RunAsync(async () =>
        {
            await env.SendFileAsync("consents.csv", good);

            var preview = await morgan.WaitForCardContainingAsync("Import consents from consents.csv?");
            var text = await preview.InnerTextAsync();
            Assert.Contains("1 new, 0 changed", text);
            Assert.Contains("P-0007 from claire.wright@example.org", text);
            await morgan.ScreenshotAsync(preview, "import-preview");
            await morgan.ClickCardButtonAsync(preview, "Confirm import");

            var imported = await morgan.WaitForCardContainingAsync("Imported consents.csv");
            Assert.Contains("1 new", await imported.InnerTextAsync());
            await morgan.ScreenshotAsync(imported, "import-done");

            await env.SendFileAsync("consents-bad.csv", bad);

            var refused = await morgan.WaitForCardContainingAsync("consents-bad.csv was refused");
            var why = await refused.InnerTextAsync();
            Assert.Contains("line 3: unknown pupil id P-9999", why);
            Assert.Contains("line 4: given_on \"31/08/2026\" is not a date", why);
            Assert.Equal(0, await refused.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Confirm import" }).CountAsync());
            await morgan.ScreenshotAsync(refused, "import-refused");
        });
        Assert.Equal(2, files.Requests);
    }

    /// <summary>Files on a loopback address, as SharePoint serves them to the bot in Teams.</summary>
    private sealed class LocalFiles : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private readonly string _prefix;
        private int _requests;

        public LocalFiles()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _prefix = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(_prefix);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Requests => _requests;

        public string Serve(string name, string text)
        {
            _files["/" + name] = Encoding.UTF8.GetBytes(text);
            return _prefix + name;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref _requests);
                if (_files.TryGetValue(context.Request.Url!.AbsolutePath, out var bytes))
                {
                    context.Response.ContentType = "text/csv";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
