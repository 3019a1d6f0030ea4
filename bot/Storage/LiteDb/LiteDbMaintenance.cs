namespace Chexs.Bot.Storage.LiteDb;

internal sealed class LiteDbMaintenance(LiteDbFile file) : IStoreMaintenance
{
    public ValueTask<StoreVerification> VerifyLiveAsync(CancellationToken ct = default)
    {
        try
        {
            return new(file.Verify());
        }
        catch (StoreUnsoundException e)
        {
            return new(StoreVerification.Unsound(e.File, e.Problem));
        }
    }

    public StoreVerification VerifyFile(string path) => LiteDbVerifier.VerifyFile(path);

    public ValueTask<StoreVerification> BackupToAsync(string target, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(target);
        var partial = full + ".partial";
        File.Delete(partial);
        try
        {
            file.CopyTo(partial);
            var verification = LiteDbVerifier.VerifyFile(partial);
            if (!verification.Sound)
            {
                throw new IOException($"The backup copy did not verify: {string.Join("; ", verification.Problems)}");
            }
            // Only a verified copy gets the name preflight and restore look for.
            File.Move(partial, full, overwrite: false);
            return new(verification with { File = full });
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
