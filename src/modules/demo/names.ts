/**
 * Invented people for quotes. Given and family names from several naming traditions are combined by
 * a hash, so the speakers are fictional; families whose names change with gender carry both forms.
 */

interface NameGroup {
  readonly female: readonly string[];
  readonly male: readonly string[];
  /** [masculine, feminine] or a single form used for both. */
  readonly family: readonly (string | readonly [string, string])[];
}

const GROUPS: readonly NameGroup[] = [
  {
    female: ['Jelena', 'Dragana', 'Ivana', 'Vesna', 'Tamara', 'Mirjana'],
    male: ['Milan', 'Nikola', 'Marko', 'Goran', 'Dejan', 'Bojan'],
    family: [
      'Petrović',
      'Kovačević',
      'Marković',
      'Ilić',
      'Stanković',
      'Pavlović',
      'Horvat',
      'Babić',
      'Lukić',
    ],
  },
  {
    female: ['Olena', 'Natalia', 'Oksana', 'Yulia', 'Iryna', 'Halyna'],
    male: ['Andriy', 'Serhiy', 'Dmytro', 'Pavlo', 'Viktor', 'Taras'],
    family: ['Kovalenko', 'Shevchuk', 'Bondarenko', 'Tkachenko', 'Melnyk', 'Kravchenko', 'Lysenko', 'Moroz'],
  },
  {
    female: ['Aigerim', 'Dilnoza', 'Gulnara', 'Zarina', 'Madina', 'Aliya'],
    male: ['Nurlan', 'Bakhtiyor', 'Timur', 'Rustam', 'Farrukh', 'Azamat'],
    family: [
      ['Abdullaev', 'Abdullaeva'],
      ['Karimov', 'Karimova'],
      ['Nurmagambetov', 'Nurmagambetova'],
      ['Sadykov', 'Sadykova'],
      ['Tursunov', 'Tursunova'],
      ['Beishenaliev', 'Beishenalieva'],
      ['Rakhimov', 'Rakhimova'],
    ],
  },
  {
    female: ['Nino', 'Tamar', 'Ani', 'Armine', 'Leyla', 'Sabina'],
    male: ['Giorgi', 'Levan', 'Davit', 'Arman', 'Elchin', 'Rashad'],
    family: [
      'Beridze',
      'Kapanadze',
      'Gelashvili',
      'Hovhannisyan',
      'Sargsyan',
      'Grigoryan',
      ['Mammadov', 'Mammadova'],
      ['Huseynov', 'Huseynova'],
      'Lomidze',
    ],
  },
  {
    female: ['Anna', 'Claire', 'Sofia', 'Elena', 'Laura', 'Ines'],
    male: ['Thomas', 'Lukas', 'Martin', 'Pierre', 'Matteo', 'Johannes'],
    family: [
      'Müller',
      'Lefèvre',
      'Rossi',
      'Jansen',
      'Moreau',
      'Bauer',
      'Fischer',
      'De Vries',
      'Dubois',
      'Schmid',
    ],
  },
  {
    female: ['Astrid', 'Sigrid', 'Kaisa', 'Liisa', 'Freja', 'Anu'],
    male: ['Henrik', 'Mikael', 'Jonas', 'Erik', 'Lars', 'Timo'],
    family: [
      'Nieminen',
      'Halvorsen',
      'Virtanen',
      'Lindberg',
      'Johansson',
      'Korhonen',
      'Dahl',
      'Eriksen',
      'Laine',
    ],
  },
  {
    female: ['Sarah', 'Emily', 'Rachel', 'Karen', 'Megan', 'Julia'],
    male: ['James', 'Michael', 'David', 'Andrew', 'Robert', 'Patrick'],
    family: ['Thompson', 'Walsh', 'Campbell', 'Murphy', 'Reynolds', 'Bennett', 'Harper', 'Fraser', 'Collins'],
  },
  {
    female: ['Maria', 'Eleni', 'Lucia', 'Ana', 'Chiara', 'Katerina'],
    male: ['Giorgos', 'Carlos', 'António', 'Dimitris', 'Javier', 'Luca'],
    family: [
      ['Papadopoulos', 'Papadopoulou'],
      'García',
      'Fernández',
      'Costa',
      'Esposito',
      ['Georgiou', 'Georgiou'],
      'Silva',
      'Romero',
      'Conti',
    ],
  },
  {
    female: ['Elif', 'Ayşe', 'Zeynep', 'Blerta', 'Drita', 'Merve'],
    male: ['Mehmet', 'Emre', 'Arben', 'Ilir', 'Burak', 'Gentian'],
    family: ['Yılmaz', 'Demir', 'Kaya', 'Hoxha', 'Krasniqi', 'Berisha', 'Shehu', 'Çelik', 'Gashi'],
  },
  {
    female: ['Katarzyna', 'Petra', 'Zsófia', 'Magdalena', 'Eszter', 'Veronika'],
    male: ['Tomasz', 'Jakub', 'Gábor', 'Ondřej', 'Piotr', 'László'],
    family: [
      'Nowak',
      'Szabó',
      ['Novák', 'Nováková'],
      ['Wiśniewski', 'Wiśniewska'],
      'Tóth',
      'Horváth',
      ['Dvořák', 'Dvořáková'],
      ['Zieliński', 'Zielińska'],
      'Kiss',
    ],
  },
];

/** A person's name from a 32-bit hash: the same hash always names the same (fictional) person. */
export function personName(hash: number): string {
  const group = GROUPS[hash % GROUPS.length] as NameGroup;
  const female = ((hash >>> 8) & 1) === 1;
  const given = female ? group.female : group.male;
  const first = given[(hash >>> 9) % given.length] as string;
  const family = group.family[(hash >>> 14) % group.family.length] as string | readonly [string, string];
  const last = typeof family === 'string' ? family : female ? family[1] : family[0];
  return `${first} ${last}`;
}

/** The family name of a full name, for "Kovalenko added that …". */
export function familyName(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(space + 1);
}
