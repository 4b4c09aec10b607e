# The module's own rules, checked for every exported cmdlet: source file, Pester tests, help page, format view,
# and a manifest that exports exactly the cmdlet classes the assembly holds.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Get-RealtimeOpsModulePath) -Force
    $cmdletCases = foreach ($command in (Get-Module RealtimeOps).ExportedCmdlets.Values | Sort-Object Name) {
        @{
            Name        = $command.Name
            Verb        = $command.Verb
            Noun        = $command.Noun
            OutputTypes = @($command.OutputType | ForEach-Object Name)
        }
    }
    $pageCases = Get-ChildItem (Join-Path (Get-RepoRoot) 'docs/en-US') -Filter '*.md' |
        Where-Object Name -notlike 'about_*' |
        ForEach-Object { @{ Page = $_.Name; Cmdlet = $_.BaseName } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Get-RealtimeOpsModulePath) -Force
    $script:Repo = Get-RepoRoot
    $script:ModuleDir = Split-Path (Get-RealtimeOpsModulePath)
    $script:Exported = @((Get-Module RealtimeOps).ExportedCmdlets.Keys)

    $script:ViewTypes = @(foreach ($file in (Import-PowerShellDataFile (Join-Path $ModuleDir 'RealtimeOps.psd1')).FormatsToProcess) {
            [xml] $format = Get-Content (Join-Path $ModuleDir $file) -Raw
            $format.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName }
        })

    # Pester files that test behaviour: the meta and help suites do not count as a cmdlet's tests.
    $script:BehaviourTestFiles = Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' |
        Where-Object Name -notin 'Meta.Tests.ps1', 'Help.Tests.ps1'

    # The commands those files invoke: command calls in the code (and in here-string scripts they run in a child pwsh),
    # so a cmdlet named only in a comment, a message or a -Because text does not count as tested.
    function Get-InvokedCommandName([System.Management.Automation.Language.Ast] $Ast) {
        $isCall = { param($n) $n -is [System.Management.Automation.Language.CommandAst] -or $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
            $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] }
        foreach ($node in $Ast.FindAll($isCall, $true)) {
            if ($node -is [System.Management.Automation.Language.CommandAst]) { $node.GetCommandName(); continue }
            if ($node.StringConstantType -notlike '*HereString') { continue }
            Get-InvokedCommandName ([System.Management.Automation.Language.Parser]::ParseInput($node.Value, [ref] $null, [ref] $null))
        }
    }
    $script:InvokedCommands = @($BehaviourTestFiles |
        ForEach-Object { Get-InvokedCommandName ([System.Management.Automation.Language.Parser]::ParseFile($_.FullName, [ref] $null, [ref] $null)) } |
        Where-Object { $_ } | Sort-Object -Unique)

    # Help pages in a docs folder that name no exported cmdlet.
    function Get-OrphanHelpPage([string] $DocsPath, [string[]] $Cmdlets) {
        Get-ChildItem $DocsPath -Filter '*.md' | Where-Object { $_.Name -notlike 'about_*' -and $_.BaseName -notin $Cmdlets } |
            ForEach-Object Name
    }

    # The examples of a PlatyPS page: '### ' headings under '## EXAMPLES' that are followed by a code block.
    function Get-ExampleCount([string] $Text) {
        $section = [regex]::Match($Text, '(?ms)^## EXAMPLES\s*$(.*?)(?=^## |\z)').Groups[1].Value
        [regex]::Matches($section, '(?ms)^### [^\r\n]+\r?\n(?:(?!^### ).)*?^```').Count
    }
}

Describe 'Every exported cmdlet: <Name>' -ForEach $cmdletCases {
    It 'has its source file src/RealtimeOps/Cmdlets/<Verb><Noun>Command.cs' {
        $source = Join-Path $Repo "src/RealtimeOps/Cmdlets/$Verb${Noun}Command.cs"
        $source | Should -Exist
        Get-Content $source -Raw | Should -Match "class $Verb${Noun}Command\b"
    }

    It 'is invoked by a Pester test file' {
        $InvokedCommands | Should -Contain $Name -Because "$Name needs tests of its behaviour in tests/*.Tests.ps1 that call it"
    }

    It 'has a help page with at least two examples and no placeholders' {
        $page = Join-Path $Repo "docs/en-US/$Name.md"
        $page | Should -Exist
        $text = Get-Content $page -Raw
        Get-ExampleCount $text | Should -BeGreaterOrEqual 2
        $text | Should -Not -Match '\{\{.*?\}\}'
    }

    It 'declares an [OutputType]' {
        $OutputTypes | Should -Not -BeNullOrEmpty
    }

    It 'has a format view for each output type' {
        # Primitives such as the System.Boolean of a -Quiet switch are formatted by PowerShell itself; a view for them
        # would change how every boolean in the session looks.
        foreach ($type in $OutputTypes | Where-Object { $_ -notin 'System.Boolean', 'System.String' }) {
            $ViewTypes | Should -Contain $type -Because "the format files need a view for $type ($Name's [OutputType])"
        }
    }
}

Describe 'Help page <Page>' -ForEach $pageCases {
    It 'documents a cmdlet the module exports' {
        $Exported | Should -Contain $Cmdlet -Because "docs/en-US/$Page describes a cmdlet the module does not have"
    }
}

Describe 'The meta-test itself' {
    It 'counts only examples that have code' {
        $text = "## EXAMPLES`n`n### Example 1: one`n``````powershell`nPS C:\> a`n```````n`n### Example 2: no code`nText.`n`n## PARAMETERS`n"
        Get-ExampleCount $text | Should -Be 1
    }

    It 'flags a help page for a cmdlet that does not exist' {
        $docs = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ("ro-meta-{0}" -f [guid]::NewGuid().ToString('n')))
        try {
            Copy-Item (Join-Path $Repo 'docs/en-US/*.md') $docs
            Set-Content (Join-Path $docs 'Get-RealtimeWeather.md') '# Get-RealtimeWeather'
            Get-OrphanHelpPage $docs $Exported | Should -Be 'Get-RealtimeWeather.md'
            Get-OrphanHelpPage (Join-Path $Repo 'docs/en-US') $Exported | Should -BeNullOrEmpty
        }
        finally { Remove-Item $docs -Recurse -Force }
    }
}

Describe 'The module manifest' {
    It 'exports exactly the cmdlet classes in RealtimeOps.dll, with no wildcards' {
        $manifest = Import-PowerShellDataFile (Join-Path $Repo 'RealtimeOps.psd1')
        $listed = @($manifest.CmdletsToExport)
        $listed | Where-Object { [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($_) } | Should -BeNullOrEmpty
        $assembly = (Get-Module RealtimeOps).ImplementingAssembly
        $classes = $assembly.GetExportedTypes() |
            Where-Object { -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
            ForEach-Object {
                $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
                "$($attribute.VerbName)-$($attribute.NounName)"
            }
        @($classes).Count | Should -BeGreaterThan 0
        (@($listed | Sort-Object) -join ',') | Should -Be (@($classes | Sort-Object) -join ',')
        (@($Exported | Sort-Object) -join ',') | Should -Be (@($classes | Sort-Object) -join ',')
    }

    It 'passes Test-ModuleManifest without errors or warnings' {
        $info = Test-ModuleManifest -Path (Get-RealtimeOpsModulePath) -ErrorVariable problems -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $problems | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $info.Name | Should -Be 'RealtimeOps'
        @($info.ExportedCmdlets.Keys) | Should -Contain 'Get-RealtimeModel'
    }

    It 'is the manifest in the built module' {
        Get-Content (Get-RealtimeOpsModulePath) -Raw | Should -Be (Get-Content (Join-Path $Repo 'RealtimeOps.psd1') -Raw)
    }
}

# One declaration of the shared surfaces: -Deployment completes deployment names everywhere, and every cmdlet that
# takes a session configuration takes it in the same four forms.
BeforeDiscovery {
    $sharedCommands = (Get-Module RealtimeOps).ExportedCmdlets.Values | Sort-Object Name
    $deploymentCases = @($sharedCommands | Where-Object { $_.Parameters.ContainsKey('Deployment') } | ForEach-Object { @{ Name = $_.Name } })
    $sessionCases = @($sharedCommands | Where-Object { $_.Parameters.ContainsKey('Json') } |
        ForEach-Object { @{ Name = $_.Name } })
    $regionCases = @($sharedCommands | Where-Object { $_.Parameters.ContainsKey('Region') } | ForEach-Object { @{ Name = $_.Name } })
}

Describe 'Shared parameter surfaces' {
    It '<Name> -Deployment has the deployment name completer' -ForEach $deploymentCases {
        $attribute = (Get-Command $Name).Parameters['Deployment'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $attribute.Type.Name | Should -Be 'DeploymentNameCompleter'
    }

    It '<Name> -Region completes region names' -ForEach $regionCases {
        $attribute = (Get-Command $Name).Parameters['Region'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $attribute.Type.Name | Should -Be 'RegionCompleter'
    }

    It 'the cmdlets with availability rules take -Region with the alias -Location' {
        foreach ($name in 'Test-TranscriptionConfig', 'Test-RealtimeDeployment', 'Invoke-RealtimeProbe') {
            (Get-Command $name).Parameters['Region'].Aliases | Should -Be @('Location') -Because $name
        }
    }

    It 'the session cmdlets are the six that read configurations' {
        @((Get-Module RealtimeOps).ExportedCmdlets.Values | Where-Object { $_.Parameters.ContainsKey('Json') } | ForEach-Object Name | Sort-Object) | Should -Be @('ConvertTo-RealtimeGaConfig', 'Invoke-RealtimeProbe', 'New-RealtimeClientSecret', 'Test-RealtimeDeployment', 'Test-RealtimeTranscription', 'Test-TranscriptionConfig')
    }

    It '<Name> takes a session as -Path (wildcards), -LiteralPath, -Json and -InputObject, each in its own set' -ForEach $sessionCases {
        $p = (Get-Command $Name).Parameters
        $p['Path'].ParameterType | Should -Be ([string[]])
        @($p['Path'].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) | Should -HaveCount 1
        $p['LiteralPath'].ParameterType | Should -Be ([string[]])
        @($p['LiteralPath'].Aliases | Sort-Object) | Should -Be @('FullName', 'LP', 'PSPath')
        $p['Json'].ParameterType | Should -Be ([string])
        $p['InputObject'].ParameterType | Should -Be ([object])
        foreach ($form in 'Path', 'LiteralPath', 'Json', 'InputObject') {
            $p[$form].ParameterSets.Keys | Should -Be @($form) -Because "-$form is its own parameter set"
            $p[$form].ParameterSets[$form].IsMandatory | Should -BeTrue
        }
        # Files piped in reach the reader: by value (-InputObject) or by FullName/PSPath (-LiteralPath).
        $p['LiteralPath'].ParameterSets['LiteralPath'].ValueFromPipelineByPropertyName | Should -BeTrue
        $p['Path'].ParameterSets['Path'].ValueFromPipelineByPropertyName | Should -BeTrue
        ($p['InputObject'].ParameterSets['InputObject'].ValueFromPipeline -or $p['Json'].ParameterSets['Json'].ValueFromPipeline) | Should -BeTrue
    }

    # One declaration (Cmdlets/Parameters/SessionInputParameters.cs): every attribute of the four forms is the same on
    # all six cmdlets; only -Path's position differs, and only where the first position is the cmdlet's own parameter.
    It '<Name> declares the four forms exactly as Test-TranscriptionConfig does' -ForEach $sessionCases {
        $describe = {
            param($command, $form)
            $parameter = (Get-Command $command).Parameters[$form]
            $set = $parameter.ParameterSets[$form]
            $checks = @($parameter.Attributes | Where-Object { $_ -isnot [System.Management.Automation.ParameterAttribute] -and $_ -isnot [System.Management.Automation.AliasAttribute] } |
                ForEach-Object { $_.GetType().Name } | Sort-Object)
            '{0} mandatory={1} byValue={2} byName={3} aliases={4} attributes={5}' -f $parameter.ParameterType, $set.IsMandatory,
                $set.ValueFromPipeline, $set.ValueFromPipelineByPropertyName, (@($parameter.Aliases | Sort-Object) -join ','), ($checks -join ',')
        }
        foreach ($form in 'Path', 'LiteralPath', 'Json', 'InputObject') {
            & $describe $Name $form | Should -Be (& $describe 'Test-TranscriptionConfig' $form) -Because "-$form of $Name"
        }
        $ownFirst = @((Get-Command $Name).Parameters.Values | Where-Object { $_.Name -ne 'Path' -and @($_.ParameterSets.Values | Where-Object Position -EQ 0).Count -gt 0 })
        $pathPosition = (Get-Command $Name).Parameters['Path'].ParameterSets['Path'].Position
        if ($ownFirst) { $pathPosition | Should -BeLessThan 0 -Because "-$($ownFirst[0].Name) is the first position of $Name" }
        else { $pathPosition | Should -Be 0 -Because "$Name has no other positional parameter" }
    }
}
