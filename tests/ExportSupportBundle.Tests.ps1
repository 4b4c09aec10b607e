# Export-SupportBundle end to end: what the zip holds, the canary over every decompressed byte and every stream,
# atomic writes (existing files, -WhatIf, Ctrl+C mid-write), pipeline input of each kind, Azure Pipelines upload.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -Emulator -Scenario transcription-500
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

    # Every entry of a zip, decompressed, as name -> text.
    function Read-Zip([string] $Path) {
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $entries = [ordered]@{}
            foreach ($e in $zip.Entries) {
                $reader = [IO.StreamReader]::new($e.Open())
                try { $entries[$e.FullName] = $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
            $entries
        }
        finally { $zip.Dispose() }
    }
}

AfterAll { Complete-RealtimeOpsTest }

Describe 'Export-SupportBundle from a probe' {
    BeforeAll {
        Set-EmulatorScenario -Emulator $emu transcription-500 | Out-Null
        Disconnect-RealtimeOps -ClearExchange
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime -SubscriptionId $emu.SubscriptionId -ResourceGroupName $emu.ResourceGroupName -AccountName $emu.AccountName
        $script:probe = Invoke-RealtimeProbe -TranscriptionModel gpt-4o-transcribe -DelayMs 0
        $script:zipPath = Join-Path $TestDrive 'case.zip'
        $script:file = $probe | Export-SupportBundle -Path $zipPath -WarningVariable script:warnings -WarningAction SilentlyContinue
        $script:entries = Read-Zip $zipPath
    }

    It 'returns the FileInfo with the verdict and counts' {
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $zipPath
        $file.Verdict | Should -Be 'TranscriptionServiceFault'
        $file.ExchangeCount | Should -Be 6
        $file.ProbeCount | Should -Be 1
        $file.RedactionCount | Should -BeGreaterThan 0
        $file.pstypenames | Should -Contain 'RealtimeOps.SupportBundle'
    }

    It 'warns to review the bundle before sharing it' {
        ($warnings -join "`n") | Should -Match 'Review .*case\.zip before you share it'
    }

    It 'holds every listed file' {
        foreach ($name in 'summary.md', 'manifest.json', 'validation.json', 'deployments.json', 'environment.json', 'redaction.json', 'probe.json') {
            $entries.Keys | Should -Contain $name
        }
        @($entries.Keys | Where-Object { $_ -like 'exchanges/*.json' }).Count | Should -Be 6
    }

    It 'summary.md is ticket-ready: facts, verdict, timeline with ids, both requests' {
        $s = $entries['summary.md']
        $s | Should -Match '\| Region \| Sweden Central \(swedencentral\) \|'
        $s | Should -Match "\| Resource name \| $($emu.AccountName) \|"
        $s | Should -Match "\| Resource group \| $($emu.ResourceGroupName) \|"
        $s | Should -Match "\| Subscription id \| $($emu.SubscriptionId) \|"
        $s | Should -Match 'Probe verdict: TranscriptionServiceFault'
        @($probe.FailedApimRequestIds).Count | Should -BeGreaterThan 0 -Because 'transcription-500 fails every attempt with transcription'
        foreach ($id in $probe.FailedApimRequestIds) { $s | Should -Match "\| 500 \| $id \|" }
        $s | Should -Match '### Without transcription'
        $s | Should -Match '### With transcription \(gpt-4o-transcribe\)'
        $s | Should -Match 'Nothing: every fact support asks for is above'
    }

    It 'manifest.json lists every file with its SHA-256, the versions and the host kind' {
        $m = $entries['manifest.json'] | ConvertFrom-Json
        $m.bundleSchemaVersion | Should -Be '1.0'
        $m.module.version | Should -Be (Get-Module RealtimeOps).Version.ToString()
        $m.powerShell.version | Should -Be $PSVersionTable.PSVersion.ToString()
        $m.hostKind | Should -Be 'Interactive'
        $m.operatingSystem | Should -Not -BeNullOrEmpty
        $m.files.Count | Should -Be ($entries.Count - 1)
        foreach ($f in $m.files) {
            $bytes = [Text.Encoding]::UTF8.GetBytes($entries[$f.Path])
            $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
            $hash | Should -Be $f.Sha256 -Because $f.Path
        }
    }

    It 'environment.json lists the loaded Azure and System assemblies with load contexts' {
        $env = $entries['environment.json'] | ConvertFrom-Json
        $names = $env.assemblies.Name
        $names | Should -Contain 'Azure.Core'
        ($env.assemblies | Where-Object Name -eq 'Azure.Core').LoadContext | Should -Not -BeNullOrEmpty
        ($names | Where-Object { $_ -like 'System.*' }).Count | Should -BeGreaterThan 0
    }

    It 'redaction.json has counts per rule and no values' {
        $r = $entries['redaction.json'] | ConvertFrom-Json
        $r.total.PSObject.Properties.Count | Should -BeGreaterThan 0
        $entries['redaction.json'] | Should -Not -Match $emu.ApiKey
    }

    It 'an existing file without -Force is an error before any work, and stays untouched' {
        $before = (Get-Item $zipPath).LastWriteTimeUtc
        { $probe | Export-SupportBundle -Path $zipPath -ErrorAction Stop } | Should -Throw -ErrorId 'SupportBundleFileExists,RealtimeOps.Cmdlets.ExportSupportBundleCommand'
        (Get-Item $zipPath).LastWriteTimeUtc | Should -Be $before
        $probe | Export-SupportBundle -Path $zipPath -Force -WarningAction SilentlyContinue | Should -Not -BeNullOrEmpty
    }

    It '-WhatIf writes nothing' {
        $p = Join-Path $TestDrive 'whatif.zip'
        $probe | Export-SupportBundle -Path $p -WhatIf | Should -BeNullOrEmpty
        $p | Should -Not -Exist
        Get-ChildItem $TestDrive -Filter '*.partial' -Force | Should -BeNullOrEmpty
    }
}

Describe 'Export-SupportBundle canary' -Tag Slow {
    It 'no key, token or minted secret in any decompressed byte of the zip or in any stream' {
        $canaryKey = 'canary-key-' + [guid]::NewGuid().ToString('n')
        Add-EmulatorApiKey -Emulator $emu $canaryKey
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        $zip = Join-Path $TestDrive 'canary.zip'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(@"
`$ErrorActionPreference = 'Continue'
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$InformationPreference = 'Continue'
Import-Module '$Manifest'
Connect-RealtimeOps -Endpoint '$($emu.BaseUri)' -ApiKey (ConvertTo-SecureString '$canaryKey' -AsPlainText -Force) -Deployment gpt-realtime
`$minted = New-RealtimeClientSecret -AsPlainText
`$global:MintedValue = `$minted.Value
New-RealtimeClientSecret -Deployment no-such-deployment
`$probe = Invoke-RealtimeProbe -DelayMs 0 -Rounds 1
`$all = @(`$probe) + @(`$Error)
`$all | Export-SupportBundle -Path '$zip'
Export-SupportBundle -Path '$zip' -Force
"@)
            $output = $ps.Invoke()
            $minted = $ps.Runspace.SessionStateProxy.GetVariable('MintedValue')
            $minted | Should -Match '^ek_'
            $streams = @(
                ($output | Where-Object { $_ -isnot [string] -or $_ -ne $minted } | Out-String)
                ($ps.Streams.Error | Out-String), ($ps.Streams.Warning | Out-String), ($ps.Streams.Verbose | Out-String),
                ($ps.Streams.Debug | Out-String), ($ps.Streams.Information | Out-String), ($ps.Streams.Progress | Out-String)
            ) -join "`n"
            $streams | Should -Not -Match ([regex]::Escape($canaryKey))
            $streams | Should -Not -Match ([regex]::Escape($minted))
        }
        finally { $ps.Dispose() }

        $zip | Should -Exist
        $entries = Read-Zip $zip
        $entries['summary.md'] | Should -Match 'Probe verdict: Healthy' -Because 'with no input the runspace exchanges and last probe are bundled'
        @($entries.Keys | Where-Object { $_ -like 'exchanges/*' }).Count | Should -BeGreaterOrEqual 4
        foreach ($name in $entries.Keys) {
            $entries[$name] | Should -Not -Match ([regex]::Escape($canaryKey)) -Because $name
            $entries[$name] | Should -Not -Match ([regex]::Escape($minted)) -Because $name
        }
        # The raw zip too: a stored (uncompressed) entry would show the text as it is.
        $raw = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($zip))
        $raw | Should -Not -Match ([regex]::Escape($canaryKey))
    }
}

Describe 'Export-SupportBundle pipeline input' {
    BeforeEach { Disconnect-RealtimeOps -ClearExchange }

    It 'sorts exchanges, error records and unknown objects' {
        $exchange = [pscustomobject]@{
            Sequence = 7; Method = 'POST'; Url = 'https://contoso-rt.openai.azure.com/openai/v1/realtime/client_secrets'
            StatusCode = 500; StartedAtUtc = [DateTimeOffset]::UtcNow; ApimRequestId = 'apim-7'; Region = 'East US 2'
            RequestHeaders = @{ 'api-key' = 'plain-key-0123456789' }
        }
        try { Get-Item (Join-Path $TestDrive 'missing') -ErrorAction Stop } catch { $record = $_ }
        $zip = Join-Path $TestDrive 'mixed.zip'
        $file = @($exchange, $record, 42) | Export-SupportBundle -Path $zip -SubscriptionId 'sub-given' -ErrorVariable bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'SupportBundleInputNotSupported,*'
        $file.ExchangeCount | Should -Be 1
        $file.ErrorCount | Should -Be 1
        $entries = Read-Zip $zip
        $entries['errors.json'] | Should -Match 'PathNotFound'
        $entries['exchanges/00001.json'] | Should -Not -Match 'plain-key-0123456789'
        $s = $entries['summary.md']
        $s | Should -Match '\| Subscription id \| sub-given \|'
        $s | Should -Match '\| Resource name \| contoso-rt \|' -Because 'the resource name comes from the endpoint host'
        $s | Should -Match '\| Region \| East US 2 \(eastus2\) \|' -Because 'the region comes from x-ms-region'
        $s | Should -Match '- \[ \] \*\*Resource group\*\*'
        $file.FillInBeforeSending | Should -Contain 'Resource group'
    }

    It 'bundles a validation result and deployment checks piped in' {
        $config = Join-Path $TestDrive 'session.json'
        '{"session":{"type":"realtime","model":"gpt-realtime","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe","language":"en-US"}}}}}' | Set-Content $config
        $validation = Test-TranscriptionConfig -Path $config -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $zip = Join-Path $TestDrive 'validation.zip'
        $file = $validation | Export-SupportBundle -Path $zip -WarningAction SilentlyContinue
        $file.ValidationCount | Should -Be 1
        $v = (Read-Zip $zip)['validation.json'] | ConvertFrom-Json
        $v[0].Source | Should -Be $validation.Source
        $v[0].Diagnostics.RuleId | Should -Be @($validation.Diagnostics.RuleId)
    }

    It 'a bad path is a clear error' {
        { Export-SupportBundle -Path (Join-Path $TestDrive 'bundle.txt') -ErrorAction Stop } | Should -Throw -ErrorId 'SupportBundlePathInvalid,RealtimeOps.Cmdlets.ExportSupportBundleCommand'
        { Export-SupportBundle -Path (Join-Path $TestDrive 'no/such/folder/b.zip') -ErrorAction Stop } | Should -Throw -ErrorId 'SupportBundlePathInvalid,RealtimeOps.Cmdlets.ExportSupportBundleCommand'
    }
}

Describe 'Export-SupportBundle interrupted and in pipelines' -Tag Slow {
    It 'PowerShell.Stop() mid-write leaves neither a zip nor a temporary file' {
        $folder = Join-Path $TestDrive 'stopped'
        New-Item -ItemType Directory $folder | Out-Null
        $zip = Join-Path $folder 'big.zip'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(@"
Import-Module '$Manifest'
`$body = 'x' * 4000
`$items = foreach (`$i in 1..40000) { [pscustomobject]@{ Sequence = `$i; Method = 'POST'; Url = 'https://r.openai.azure.com/openai/v1/realtime/client_secrets'; StatusCode = 200; StartedAtUtc = [DateTimeOffset]::UtcNow; RequestBody = `$body } }
`$items | Export-SupportBundle -Path '$zip'
"@)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Get-ChildItem $folder -Filter '*.partial' -Force) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
            Get-ChildItem $folder -Filter '*.partial' -Force | Should -Not -BeNullOrEmpty -Because 'the write must be under way when Ctrl+C comes'
            $ps.Stop()
            $until = [DateTime]::UtcNow.AddSeconds(5)
            while ((Get-ChildItem $folder -Force) -and [DateTime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 20 }
            Get-ChildItem $folder -Force | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
    }

    It 'Azure DevOps: -UploadToPipeline attaches the bundle with ##vso[task.uploadfile]' {
        $zip = Join-Path $TestDrive 'ado.zip'
        $r = Invoke-FreshPwsh -Script @"
`$env:TF_BUILD = 'True'
Import-Module '$Manifest'
`$f = [pscustomobject]@{ Sequence = 1; Method = 'GET'; Url = 'https://r.openai.azure.com/openai/v1/x'; StartedAtUtc = [DateTimeOffset]::UtcNow } | Export-SupportBundle -Path '$zip' -UploadToPipeline -WarningAction SilentlyContinue
'HOSTKIND:' + ((New-Object IO.Compression.ZipArchive ([IO.File]::OpenRead('$zip'))).GetEntry('manifest.json').Open() | ForEach-Object { [IO.StreamReader]::new(`$_).ReadToEnd() } | ConvertFrom-Json).hostKind
"@
        $lines = $r.StdOut -split "`r?`n"
        $lines | Should -Contain "##vso[task.uploadfile]$zip"
        $lines | Should -Contain 'HOSTKIND:AzureDevOps'
    }

    It 'outside Azure DevOps, -UploadToPipeline warns and still writes the bundle' {
        $zip = Join-Path $TestDrive 'local.zip'
        $f = [pscustomobject]@{ Sequence = 1; Method = 'GET'; Url = 'https://r.openai.azure.com/openai/v1/x'; StartedAtUtc = [DateTimeOffset]::UtcNow } |
            Export-SupportBundle -Path $zip -UploadToPipeline -WarningVariable w -WarningAction SilentlyContinue
        $zip | Should -Exist
        ($w -join "`n") | Should -Match 'works in Azure Pipelines only'
    }
}
