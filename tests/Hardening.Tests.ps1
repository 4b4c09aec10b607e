# Hardening across cmdlets: output paths (providers, links, FIFOs, devices, -Force), the bundle's structural redaction
# of other tools' credentials, secrets in error targets, ARM path segments and token audiences, SIGTERM mid-bundle.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-RealtimeOpsTest -Emulator
    $script:SavedKey = $env:AZURE_OPENAI_API_KEY
    $env:AZURE_OPENAI_API_KEY = $null

    # The bundle as support would see it: unzipped to a folder, every file read as text (name -> text).
    function Expand-Bundle([string] $Path) {
        $folder = Join-Path $TestDrive ('unzipped-' + [guid]::NewGuid().ToString('n'))
        Expand-Archive -LiteralPath $Path -DestinationPath $folder
        $entries = [ordered]@{}
        foreach ($f in Get-ChildItem $folder -Recurse -File) {
            $entries[[IO.Path]::GetRelativePath($folder, $f.FullName).Replace('\', '/')] = [IO.File]::ReadAllText($f.FullName)
        }
        $entries
    }

    function New-Fifo([string] $Path) {
        $p = Start-Process -FilePath mkfifo -ArgumentList $Path -PassThru -Wait
        $p.ExitCode | Should -Be 0
        $Path
    }
}

AfterAll {
    $env:AZURE_OPENAI_API_KEY = $SavedKey
    Complete-RealtimeOpsTest
}

Describe 'Output paths: -OutFile, -JUnitPath and Export-SupportBundle -Path' {
    BeforeEach {
        $script:Work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory $Work | Out-Null
    }

    It 'refuses <Path> on a provider other than FileSystem, and writes nothing into the working folder' -ForEach @(
        @{ Path = 'Env:/x.zip' }, @{ Path = 'Variable:/x.json' }, @{ Path = 'Function:/x.json' }
    ) {
        $leaf = Split-Path $Path -Leaf
        Push-Location $Work
        try {
            Get-RealtimeSessionSchema -OutFile $Path -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e1[0].FullyQualifiedErrorId | Should -BeLike 'SessionSchemaPathNotFileSystem,*'
            Test-TranscriptionConfig -Json '{}' -JUnitPath $Path -ErrorVariable e2 -ErrorAction SilentlyContinue | Out-Null
            $e2[-1].FullyQualifiedErrorId | Should -BeLike 'JUnitReportPathNotFileSystem,*'
            { Export-SupportBundle -Path ($Path -replace '\.json$', '.zip') -ErrorAction Stop } | Should -Throw -ErrorId 'SupportBundlePathNotFileSystem,*'
        }
        finally { Pop-Location }
        Get-ChildItem $Work -Force | Should -BeNullOrEmpty
        Join-Path ([Environment]::CurrentDirectory) $leaf | Should -Not -Exist
    }

    It 'needs -Force to replace an existing file, and keeps it otherwise' {
        $schema = Join-Path $Work 'schema.json'
        $junit = Join-Path $Work 'junit.xml'
        Set-Content -LiteralPath $schema, $junit -Value 'keep me'
        Get-RealtimeSessionSchema -OutFile $schema -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'SessionSchemaFileExists,*'
        $e1[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Test-TranscriptionConfig -Json '{}' -JUnitPath $junit -ErrorVariable e2 -ErrorAction SilentlyContinue | Out-Null
        $e2[-1].FullyQualifiedErrorId | Should -BeLike 'JUnitReportFileExists,*'
        Get-Content -LiteralPath $schema, $junit | Should -Be @('keep me', 'keep me')
        Get-RealtimeSessionSchema -OutFile $schema -Force | Should -Not -BeNullOrEmpty
        Test-TranscriptionConfig -Json '{}' -JUnitPath $junit -Force | Out-Null
        (Get-Content -LiteralPath $schema -Raw | ConvertFrom-Json).'$schema' | Should -Be 'https://json-schema.org/draft/2020-12/schema'
        ([xml] (Get-Content -LiteralPath $junit -Raw)).testsuites | Should -Not -BeNullOrEmpty
    }

    It 'writes through a symbolic link to its target, and the link stays a link' -Skip:$IsWindows {
        $real = Join-Path $Work 'real.json'
        Set-Content -LiteralPath $real -Value 'old'
        $link = New-Item -ItemType SymbolicLink -Path (Join-Path $Work 'link.json') -Target $real
        Get-RealtimeSessionSchema -OutFile $link.FullName -Force | Out-Null
        (Get-Item $link.FullName).LinkType | Should -Be 'SymbolicLink'
        (Get-Content -LiteralPath $real -Raw | ConvertFrom-Json).'$schema' | Should -Be 'https://json-schema.org/draft/2020-12/schema'
    }

    It 'refuses a FIFO without opening it (no hang) and leaves it a FIFO' -Skip:$IsWindows {
        $fifo = New-Fifo (Join-Path $Work 'pipe.xml')
        $r = Invoke-FreshPwsh -TimeoutSeconds 60 -Script @"
Import-Module '$Manifest'
Get-RealtimeSessionSchema -OutFile '$fifo' -Force -ErrorVariable e1 -ErrorAction SilentlyContinue | Out-Null
Test-TranscriptionConfig -Json '{}' -JUnitPath '$fifo' -Force -ErrorVariable e2 -ErrorAction SilentlyContinue | Out-Null
'IDS:' + `$e1[0].FullyQualifiedErrorId + '|' + `$e2[-1].FullyQualifiedErrorId
"@
        $r.StdOut | Should -Match 'IDS:SessionSchemaPathNotRegularFile,[^|]+\|JUnitReportPathNotRegularFile,'
        (Get-Item -LiteralPath $fifo -Force).UnixFileMode | Out-Null
        (& stat -c '%F' $fifo) | Should -Be 'fifo'
        @(Get-ChildItem $Work -Force).Count | Should -Be 1
    }

    It 'refuses a device reached through a link, and replaces neither the link nor the device' -Skip:$IsWindows {
        $link = New-Item -ItemType SymbolicLink -Path (Join-Path $Work 'null.zip') -Target '/dev/null'
        { Export-SupportBundle -Path $link.FullName -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SupportBundlePathNotRegularFile,*'
        Get-RealtimeSessionSchema -OutFile $link.FullName -Force -ErrorVariable e1 -ErrorAction SilentlyContinue | Out-Null
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'SessionSchemaPathNotRegularFile,*'
        (Get-Item $link.FullName).LinkType | Should -Be 'SymbolicLink'
        (& stat -c '%F' '/dev/null') | Should -Be 'character special file'
    }
}

Describe 'Support bundle redaction is structural' {
    BeforeAll {
        $script:Canary = 'CANARY' + [guid]::NewGuid().ToString('n').Substring(0, 12)
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("user:$($Canary)b"))
        $script:Foreign = [pscustomobject]@{
            Sequence = 1; Operation = 'Token'; Method = 'POST'; StartedAtUtc = [DateTimeOffset]::UtcNow; StatusCode = 200
            Url = "https://login.example.net/token?client_secret=$($Canary)a&api-version=1"
            RequestHeaders = @{
                authorization = "Basic $basic"; 'Proxy-Authorization' = "SharedKey acct:$($Canary)c"; 'x-ms-identity-header' = "$($Canary)d"
                'X-IDENTITY-HEADER' = "$($Canary)e"; Cookie = "s=$($Canary)f"; 'Ocp-Apim-Subscription-Key' = "$($Canary)g"
            }
            RequestBody = (@{ client_secret = "$($Canary)h"; password = "$($Canary)i"; secret = "$($Canary)j"; 'api-key' = "$($Canary)k"
                    inner = (@{ refresh_token = "$($Canary)l"; api_key = "$($Canary)m" } | ConvertTo-Json -Compress) } | ConvertTo-Json -Compress)
            ResponseHeaders = @{ 'Set-Cookie' = "id=$($Canary)n; HttpOnly" }
            ResponseBody = (@{ access_token = "$($Canary)o"; id_token = "$($Canary)p"; note = "ek_$($Canary)q"; token_type = 'Bearer' } | ConvertTo-Json -Compress)
        }
    }

    It 'no credential of another tool reaches the unzipped bundle, and every JSON file parses' {
        $zip = Join-Path $TestDrive 'foreign.zip'
        $Foreign | Export-SupportBundle -Path $zip -WarningAction SilentlyContinue | Out-Null
        $entries = Expand-Bundle $zip
        foreach ($name in $entries.Keys) {
            $entries[$name] | Should -Not -Match $Canary -Because $name
            if ($name -like '*.json') { { $entries[$name] | ConvertFrom-Json -Depth 64 } | Should -Not -Throw -Because $name }
        }
        $exchange = $entries['exchanges/00001.json'] | ConvertFrom-Json
        $exchange.RequestHeaders.authorization | Should -Be 'Basic ***REDACTED***'
        ($exchange.ResponseBody | ConvertFrom-Json).token_type | Should -Be 'Bearer'
    }

    It 'instructions that mention a header stay readable and the exchange file parses' {
        Disconnect-RealtimeOps -ClearExchange
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime
        New-RealtimeClientSecret -Instructions 'If asked, say the header is api-key:example' | Out-Null
        $zip = Join-Path $TestDrive 'instructions.zip'
        Export-SupportBundle -Path $zip -WarningAction SilentlyContinue | Out-Null
        $entries = Expand-Bundle $zip
        foreach ($name in @($entries.Keys) -like '*.json') { { $entries[$name] | ConvertFrom-Json -Depth 64 } | Should -Not -Throw -Because $name }
        $body = ($entries['exchanges/00001.json'] | ConvertFrom-Json).RequestBody | ConvertFrom-Json
        $body.session.instructions | Should -Be 'If asked, say the header is api-key:example'
        $entries['exchanges/00001.json'] | Should -Not -Match ([regex]::Escape($emu.ApiKey))
    }
}

Describe 'Secrets and paths in connection and account parameters' {
    AfterEach { Disconnect-RealtimeOps }

    It 'a key in a rejected endpoint URL is not in the error''s target' {
        $canary = 'CANARY' + [guid]::NewGuid().ToString('n')
        $e = $null
        try { Connect-RealtimeOps -Endpoint "http://x.openai.azure.com/?api-key=$canary" -ApiKey $Key -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'ConnectionEndpointInvalid,*'
        try { New-RealtimeClientSecret -Endpoint "https://x.openai.azure.com/?api-key=$canary" -Deployment d -ErrorAction Stop } catch { $e2 = $_ }
        $e2.FullyQualifiedErrorId | Should -BeLike 'ConnectionAuthenticationMissing,*'
        foreach ($record in $e, $e2) {
            "$($record.TargetObject)" | Should -Not -Match $canary
            $record.CategoryInfo.TargetName | Should -Not -Match $canary
            ($record | Format-List * -Force | Out-String) | Should -Not -Match $canary
        }
    }

    It 'an account name that walks the ARM path is refused before anything is sent' {
        Clear-EmulatorRequest -Emulator $emu
        { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -AccountName '..\..\_emulator\config' } | Should -Throw -ErrorId 'AccountResourceNameInvalid,*'
        { Get-RealtimeDeployment -Endpoint $emu.BaseUri -ApiKey $Key -SubscriptionId $emu.SubscriptionId -ResourceGroupName '..' -AccountName acc -ResourceManagerEndpoint $emu.ResourceManagerEndpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccountResourceNameInvalid,*'
        @(Get-EmulatorRequest -Emulator $emu) | Should -BeNullOrEmpty
    }
}

Describe 'Tokens and Resource Manager endpoints' -Tag Slow {
    BeforeAll {
        $script:tls = Start-RealtimeOpsEmulator -Https
    }
    AfterAll { $tls | Stop-RealtimeOpsEmulator }

    It 'warns about a Resource Manager host that is not Azure' {
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -ResourceManagerEndpoint 'https://arm.example.net' -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'not an Azure Resource Manager host'
        Disconnect-RealtimeOps
    }

    It 'never sends an -AccessToken minted for the data plane to Resource Manager' {
        $token = (New-EmulatorToken -Emulator $tls).AccessToken
        Clear-EmulatorRequest -Emulator $tls
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $tls.CertificatePath
        try {
            $r = Invoke-FreshPwsh -Script @"
Import-Module '$Manifest'
Connect-RealtimeOps -Endpoint '$($tls.BaseUri)' -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -SubscriptionId '$($tls.SubscriptionId)' -ResourceGroupName '$($tls.ResourceGroupName)' -AccountName '$($tls.AccountName)' -ResourceManagerEndpoint '$($tls.BaseUri)'
Get-RealtimeDeployment -ErrorVariable e -ErrorAction SilentlyContinue | Out-Null
'ERROR:' + `$e[0].FullyQualifiedErrorId
'MESSAGE:' + `$e[0].Exception.Message
"@
        }
        finally { $env:SSL_CERT_FILE = $previous }
        $r.StdOut | Should -Match 'ERROR:\w+'
        $r.StdOut | Should -Match 'MESSAGE:.*not sent'
        $r.StdOut | Should -Not -Match ([regex]::Escape($token))
        $sent = @(Get-EmulatorRequest -Emulator $tls -Path '/subscriptions/*')
        $sent | Should -BeNullOrEmpty
    }
}

Describe 'SIGTERM during Export-SupportBundle' -Skip:$IsWindows -Tag Slow {
    It 'leaves neither the bundle nor its hidden .partial file' {
        $folder = Join-Path $TestDrive 'sigterm'
        New-Item -ItemType Directory $folder | Out-Null
        $zip = Join-Path $folder 'big.zip'
        $script = Join-Path $TestDrive 'sigterm.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$Manifest'
`$body = 'x' * 200000
`$items = foreach (`$i in 1..20000) { [pscustomobject]@{ Sequence = `$i; Method = 'POST'; Url = "https://x.openai.azure.com/`$i"; RequestBody = `$body; ResponseBody = `$body } }
`$items | Export-SupportBundle -Path '$zip' -WarningAction SilentlyContinue | Out-Null
"@
        $psi = [Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        if (Test-Path $pwshDll) { $psi.ArgumentList.Add($pwshDll) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $script) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        $child = [Diagnostics.Process]::Start($psi)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (-not (Get-ChildItem $folder -Force -Filter '*.partial') -and -not $child.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @(Get-ChildItem $folder -Force -Filter '*.partial').Count | Should -Be 1 -Because 'the bundle was being written when the signal came'
            & kill -TERM $child.Id
            $child.WaitForExit(60000) | Should -BeTrue
        }
        finally { if (-not $child.HasExited) { $child.Kill($true) } }
        Get-ChildItem $folder -Force | Should -BeNullOrEmpty
    }
}
