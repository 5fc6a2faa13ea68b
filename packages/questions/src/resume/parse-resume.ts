import type { LanguageModel } from '@interviewkit/core';
import { ResumeProfileSchema, type ResumeProfile } from './resume-profile';

const SECTION_HEADINGS: Record<string, RegExp> = {
  skills: /^(technical\s+)?skills|^core competencies|^technologies|^tech stack/i,
  experience: /^(work|professional)?\s*experience|^employment( history)?|^work history/i,
  projects: /^(personal\s+|selected\s+|key\s+)?projects/i,
  education: /^education|^academic/i,
  certifications: /^certifications?|^licenses|^certificates/i,
  summary: /^(professional\s+)?summary|^profile|^objective|^about/i,
};

type Section = keyof typeof SECTION_HEADINGS | 'header';

const CURRENT_YEAR = 2026;
const YEAR_RANGE = /\b((?:19|20)\d{2})\s*(?:-|–|—|to)\s*((?:19|20)\d{2}|present|current|now|today)\b/i;
const DEGREE =
  /\b(b\.?\s?s\.?c?|b\.?\s?a\.?|b\.?\s?tech|b\.?\s?e\.?|bachelor'?s?|m\.?\s?s\.?c?|m\.?\s?tech|m\.?\s?a\.?|master'?s?|mba|ph\.?\s?d|doctorate|associate'?s?|diploma)\b/i;

/** Labels of one-line contact fields ("Name: Jane Doe", "Phone: +1 415 555 0100"). */
const FIELD_LABELS = {
  name: /^(full\s+|candidate\s+)?name$/i,
  email: /^e-?mail(\s+address)?$/i,
  phone: /^(phone|mobile|cell|tel(ephone)?|contact)(\s+(no\.?|number))?$/i,
} as const;

/** `Label: value` on one line; the label is short and starts with a letter. */
const LABELLED_LINE = /^([A-Za-z][A-Za-z &/.-]{0,30}?)\s*[:：]\s*(.*)$/;

/**
 * Parses resume text into a {@link ResumeProfile} without a language model: finds the usual
 * sections by their headings — on a line of their own ("Skills") or as a label in front of the
 * content ("Skills: Python, SQL"), contact details by label or by pattern, roles with their year
 * ranges, skills from lists, projects and degrees. It reads conventional resumes and
 * one-line-per-field ones well and unconventional layouts partially; use {@link parseResume} with a
 * language model for better recall.
 */
export function parseResumeHeuristically(text: string): ResumeProfile {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^[\s•·*\-–—▪●◦]+/, '').trim())
    .filter(Boolean);
  const sections = new Map<Section, string[]>();
  const fields: { name?: string; email?: string; phone?: string } = {};
  const push = (section: Section, line: string): void => {
    const list = sections.get(section);
    if (list) list.push(line);
    else sections.set(section, [line]);
  };
  let current: Section = 'header';
  for (const line of lines) {
    const labelled = LABELLED_LINE.exec(line);
    if (labelled) {
      const [, label, value] = labelled as unknown as [string, string, string];
      const field = (Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).find((f) => FIELD_LABELS[f].test(label.trim()));
      if (field && value) {
        fields[field] ??= value.trim();
        continue;
      }
      const inline = value ? sectionOf(label) : undefined;
      if (inline) {
        push(inline, value);
        // "Technologies: React, Node" inside a role lists that role's skills: the role goes on.
        if (!(inline === 'skills' && (current === 'experience' || current === 'projects'))) current = inline;
        continue;
      }
    }
    const heading = line.length <= 40 ? sectionOf(line.replace(/[:\s]+$/, '')) : undefined;
    if (heading) {
      current = heading;
      continue;
    }
    push(current, line);
  }
  const all = lines.join('\n');
  const header = sections.get('header') ?? [];
  const name =
    fields.name ??
    header
      .slice(0, 5)
      .map(nameLike)
      .find((n) => n !== null) ??
    null;
  const email = (fields.email ?? all).match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/)?.[0] ?? null;
  const phone = findPhone(fields.phone ?? '') ?? findPhone(all);

  const skills = unique(
    (sections.get('skills') ?? [])
      .flatMap((l) => l.replace(/^[^:]{1,30}:\s*/, '').split(/[,;|•·]| {2,}/))
      .map((s) => s.trim().replace(/\.$/, ''))
      .filter((s) => s.length > 0 && s.length <= 40),
  ).slice(0, 50);

  const experience: ResumeProfile['experience'] = [];
  for (const line of sections.get('experience') ?? []) {
    const range = line.match(YEAR_RANGE);
    const roleLike = range || /\b(engineer|developer|manager|analyst|scientist|intern|lead|architect|consultant|designer|director|administrator)\b/i.test(line);
    if (roleLike && line.length <= 160) {
      const cleaned = line
        .replace(YEAR_RANGE, '')
        .replace(/\(\s*\)|[|,–—-]\s*$/g, '')
        .trim();
      const [title, company] = splitRole(cleaned);
      experience.push({ title: title.slice(0, 200), company, years: range ? yearsBetween(range[1]!, range[2]!) : null, description: null });
    } else if (experience.length > 0) {
      const last = experience[experience.length - 1]!;
      last.description = `${last.description ? `${last.description} ` : ''}${line}`.slice(0, 2000);
    }
  }
  const years = experience.map((e) => e.years).filter((y): y is number => y !== null);
  const projects = (sections.get('projects') ?? [])
    .filter((l) => l.length > 3)
    .map((l) => {
      const m = l.match(/^([^:–—-]{2,80})\s*[:–—-]\s*(.+)$/);
      return m
        ? { name: m[1]!.trim(), description: m[2]!.trim().slice(0, 2000) }
        : { name: l.slice(0, 80), description: l.length > 80 ? l.slice(0, 2000) : null };
    })
    .slice(0, 20);
  const education = (sections.get('education') ?? [])
    .filter((l) => DEGREE.test(l) || /university|college|institute|school/i.test(l))
    .map((l) => {
      const year =
        l
          .match(/\b(19|20)\d{2}\b/g)
          ?.map(Number)
          .at(-1) ?? null;
      const parts = l
        .split(/,|\s[-–—|]\s|\bat\b/)
        .map((p) => p.trim())
        .filter(Boolean);
      const institution = parts.find((p) => /university|college|institute|school/i.test(p)) ?? (parts.length > 1 ? parts[1]! : null);
      return {
        degree: (parts.find((p) => DEGREE.test(p)) ?? parts[0] ?? l).slice(0, 300),
        institution:
          institution
            ?.replace(/\b(19|20)\d{2}\b/g, '')
            .trim()
            .slice(0, 300) || null,
        year,
      };
    })
    .slice(0, 10);
  const certifications = unique((sections.get('certifications') ?? []).map((l) => l.slice(0, 200))).slice(0, 30);
  return ResumeProfileSchema.parse({
    name,
    email,
    phone,
    skills,
    experience: experience.slice(0, 30),
    total_years: years.length ? Math.round(years.reduce((a, b) => a + b, 0) * 10) / 10 : null,
    projects,
    education,
    certifications,
    parser: 'heuristic',
  });
}

/** Options of {@link parseResume}. */
export interface ParseResumeOptions {
  /** A non-offline model parses the text; the heuristic parser is the fallback. */
  languageModel?: LanguageModel;
  abortSignal?: AbortSignal;
  /** Called when the language model failed and the heuristic result is used. */
  onFallback?: (error: unknown) => void;
}

const LlmResumeSchema = ResumeProfileSchema.omit({ parser: true });

/** Parses resume text, by language model when one is configured (validated with zod), else heuristically. */
export async function parseResume(text: string, options: ParseResumeOptions = {}): Promise<ResumeProfile> {
  const model = options.languageModel;
  if (!model || model.offline) return parseResumeHeuristically(text);
  try {
    const { object } = await model.generateObject({
      schema: LlmResumeSchema,
      schemaName: 'resume_profile',
      system: 'You extract structured data from resumes. Use null when a field is absent. Never invent facts that are not in the text.',
      prompt: `Extract the profile from this resume:\n\n${text.slice(0, 20_000)}`,
      temperature: 0,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    return { ...object, parser: 'llm' };
  } catch (error) {
    if (options.abortSignal?.aborted) throw error;
    options.onFallback?.(error);
    return parseResumeHeuristically(text);
  }
}

function splitRole(line: string): [string, string | null] {
  const at = line.match(/^(.+?)\s+(?:at|@)\s+(.+)$/i);
  if (at) return [at[1]!.trim(), at[2]!.replace(/[,|–—-]\s*$/, '').trim() || null];
  const parts = line.split(/\s*[,|–—]\s*|\s+-\s+/).filter(Boolean);
  return [parts[0] ?? line, parts[1] ?? null];
}

function yearsBetween(from: string, to: string): number {
  const start = Number(from);
  const end = /^\d{4}$/.test(to) ? Number(to) : CURRENT_YEAR;
  return Math.max(0, Math.min(60, end - start));
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sectionOf(label: string): Section | undefined {
  return Object.entries(SECTION_HEADINGS).find(([, re]) => re.test(label.trim()))?.[0] as Section | undefined;
}

/** A person's name: two to four capitalised words ("Jane Q. Doe"), or the same in capitals ("JANE DOE", title-cased). */
function nameLike(line: string): string | null {
  if (/^[A-Z][a-zA-Z'’.-]+(\s+[A-Z][a-zA-Z'’.-]+){1,3}$/.test(line) && /[a-z]/.test(line)) return line;
  if (/^[A-Z][A-Z'’.-]+(\s+[A-Z][A-Z'’.-]+){1,3}$/.test(line))
    return line.toLowerCase().replace(/(^|[\s'’.-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  return null;
}

/** Year ranges and dates that look like phone numbers to a digit pattern ("2021-2025", "2019 – 2023", "2024-03-01"). */
const NOT_A_PHONE = [/^(19|20)\d{2}\s*(-|–|—|to)\s*(19|20)\d{2}$/i, /^(19|20)\d{2}[-./]\d{1,2}([-./]\d{1,2})?$/, /^\d{1,2}[-./]\d{1,2}[-./](19|20)?\d{2}$/];

/** The first phone-number-like run of digits (7–15 digits, not a year range or a date). */
function findPhone(text: string): string | null {
  for (const match of text.matchAll(/\+?\(?\d[\d\s().-]{5,}\d/g)) {
    const candidate = match[0].trim();
    const digits = candidate.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15) continue;
    if (NOT_A_PHONE.some((re) => re.test(candidate.replace(/^\(|\)$/g, '').trim()))) continue;
    // A parenthesis closed without being opened belongs to the surrounding text: "(2020 - 2024)".
    if ((candidate.match(/\(/g)?.length ?? 0) !== (candidate.match(/\)/g)?.length ?? 0)) continue;
    return candidate;
  }
  return null;
}
