import { describe, expect, it } from 'vitest';
import { parseResumeHeuristically } from './parse-resume';

// Résumé layouts people really send, beside the conventional one in resume.test.ts.

describe('parseResumeHeuristically: one line per field', () => {
  // The layout of issue 17: every field on its own line behind a label, a date range before the phone.
  const FIELDS = `Name: Priya Sharma
Email: priya.sharma@example.com
Education: B.Tech Computer Science, IIT Delhi, 2021-2025
Phone: +91 98765 43210
Skills: Python, SQL, Pandas, Machine Learning, Git
Experience: Data Analyst Intern at Acme Analytics (2024 - 2025)
Projects: Churn model - predicted churn for 50,000 customers with gradient boosting`;

  it('reads the name, skills and phone from their labels (never a date range as the phone)', () => {
    const p = parseResumeHeuristically(FIELDS);
    expect(p.name).toBe('Priya Sharma');
    expect(p.email).toBe('priya.sharma@example.com');
    expect(p.phone).toBe('+91 98765 43210');
    expect(p.skills).toEqual(['Python', 'SQL', 'Pandas', 'Machine Learning', 'Git']);
  });

  it('reads the inline sections too', () => {
    const p = parseResumeHeuristically(FIELDS);
    expect(p.experience.map((e) => [e.title, e.company, e.years])).toEqual([['Data Analyst Intern', 'Acme Analytics', 1]]);
    expect(p.education[0]).toMatchObject({ degree: 'B.Tech Computer Science', year: 2025 });
    expect(p.projects.map((x) => x.name)).toEqual(['Churn model']);
  });

  it('takes no phone at all rather than a year range', () => {
    const p = parseResumeHeuristically(
      'Name: Sam Lee\nSkills: Go, Rust\nEducation: BSc Physics, University of Leeds, 2019 - 2022\nExperience: Engineer at Initech (2022 – 2024)',
    );
    expect(p.phone).toBeNull();
    expect(p.skills).toEqual(['Go', 'Rust']);
    expect(p.name).toBe('Sam Lee');
  });
});

describe('parseResumeHeuristically: other layouts', () => {
  it('a capitalised header with contacts behind pipes and sub-labelled skills', () => {
    const p = parseResumeHeuristically(`JOHN SMITH
Backend Developer | john.smith@example.org | (555) 123-4567 | linkedin.com/in/jsmith

TECHNICAL SKILLS
Languages: Python, Go, TypeScript
Databases: PostgreSQL, Redis

WORK EXPERIENCE
Backend Developer, Initech, 2019 - 2023
Technologies: Kafka, Docker
Built the payments API.

EDUCATION
BSc Computer Science, University of Texas, 2019`);
    expect(p.name).toBe('John Smith');
    expect(p.phone).toBe('(555) 123-4567');
    expect(p.email).toBe('john.smith@example.org');
    // "Technologies:" inside a role adds to the skills without ending the role.
    expect(p.skills).toEqual(['Python', 'Go', 'TypeScript', 'PostgreSQL', 'Redis', 'Kafka', 'Docker']);
    expect(p.experience).toHaveLength(1);
    expect(p.experience[0]).toMatchObject({ title: 'Backend Developer', company: 'Initech', years: 4 });
    expect(p.experience[0]!.description).toContain('payments API');
    expect(p.education[0]).toMatchObject({ institution: 'University of Texas', year: 2019 });
  });

  it('bulleted skills one per line, a year range in the header and the phone at the end', () => {
    const p = parseResumeHeuristically(`Maria Garcia
Data Scientist (2018 - 2024 at Globex)

Skills
• Python
• scikit-learn
• Tableau

Contact: +44 20 7946 0958`);
    expect(p.name).toBe('Maria Garcia');
    expect(p.phone).toBe('+44 20 7946 0958');
    expect(p.skills).toEqual(['Python', 'scikit-learn', 'Tableau']);
  });

  it('dates written as days are not phones either', () => {
    const p = parseResumeHeuristically('Alex Kim\nCertifications\nAWS Developer, issued 2023-04-12\nScrum Master 12/05/2022');
    expect(p.phone).toBeNull();
    expect(p.certifications).toHaveLength(2);
  });
});
